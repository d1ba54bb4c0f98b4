{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
{{#RESULT}}<div class="notice" role="status"><p>{{MOVED_TEXT}}</p>
<ul>{{#MOVED}}<li>{{REF}} — {{PERSONS}} : {{WHEN}}</li>{{/MOVED}}</ul>
{{#HAS_STUCK}}<p><strong>[[Sans créneau de retrait libre, restés à leur horaire (à traiter à la main) :]]</strong></p>
<ul>{{#STUCK}}<li><a href="/agent/rdv/{{REF}}">{{REF}}</a> — {{PERSONS}}</li>{{/STUCK}}</ul>{{/HAS_STUCK}}
</div>{{/RESULT}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/retraits" method="get" class="inline">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<label for="jour">[[Jour (JJ/MM/AAAA)]]</label> <input id="jour" name="jour" type="text" inputmode="numeric" maxlength="10" value="{{DAY}}">
<button type="submit" class="button secondary">[[Afficher]]</button>
</form>
<table>
<caption>[[Rendez-vous de retrait du]] {{DAY_LABEL}}</caption>
<thead><tr><th scope="col">[[Heure]]</th><th scope="col">[[Lieu]]</th><th scope="col">[[Personnes]]</th><th scope="col">[[Référence]]</th><th scope="col">[[Proposé au dépôt]]</th></tr></thead>
<tbody>
{{#ROW}}<tr><td>{{TIME}}</td><td>{{SITE}}</td><td>{{PERSONS}}</td><td><a href="/agent/rdv/{{REF}}">{{REF}}</a></td><td>{{LINKED}}</td></tr>
{{/ROW}}
</tbody>
</table>
{{#NONE}}<p role="status">[[Aucun rendez-vous de retrait ce jour-là.]]</p>{{/NONE}}
{{#CAN_MOVE}}
<h2>[[Titres en retard : décaler les retraits du jour]]</h2>
<form action="/agent/retraits" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<input type="hidden" name="du" value="{{DAY}}">
<p class="hint" id="au_aide">[[Chaque retrait de ce jour passe au premier créneau de retrait libre de son lieu à partir de la nouvelle date, dans l'ordre des horaires ; chaque personne est prévenue que son titre est en retard. Ceux qui ne trouvent pas de place restent à leur horaire et sont listés.]]</p>
<div class="field"><label for="au">[[Nouvelle date (JJ/MM/AAAA)]]</label>
{{#ERR_AU}}<p class="error">{{E_AU}}</p>{{/ERR_AU}}
<input id="au" name="au" type="text" inputmode="numeric" maxlength="10" value="{{V_AU}}" aria-describedby="au_aide"></div>
<p class="actions"><button type="submit" class="button">[[Décaler les retraits du]] {{DAY_FR}}</button></p>
</form>
{{/CAN_MOVE}}
{{>FOOTER}}
