{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Déplacer votre rendez-vous]]</h1>
<div class="card summary">
<p>[[Rendez-vous actuel :]] <strong>{{DATE}} [[à]] {{TIME}}</strong></p>
<p>{{PROCEDURE_NAME}} — {{PARTY_TEXT}} — {{SITE_NAME}}</p>
</div>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li>{{MESSAGE}}</li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<p>[[Le nouvel horaire est réservé avant que l'ancien soit libéré : si le nouvel horaire n'est plus libre, votre rendez-vous actuel est conservé.]]</p>
{{#ELSEWHERE}}<p class="notice" role="status">[[Horaires à un autre lieu :]] <strong>{{NAME}}</strong>. [[Votre rendez-vous y sera déplacé si vous choisissez un horaire ci-dessous.]]</p>{{/ELSEWHERE}}
<h2>[[Choisissez un jour]]</h2>
<ul class="days">
{{#DAY}}<li><a href="{{URL}}" class="day{{#FULL}} full{{/FULL}}{{#CLOSED}} full{{/CLOSED}}"{{#CURRENT}} aria-current="date"{{/CURRENT}}>{{LABEL}}{{#FULL}} <span class="small">[[complet]]</span>{{/FULL}}{{#CLOSED}} <span class="small">[[fermé]]</span>{{/CLOSED}}</a></li>
{{/DAY}}
</ul>
<p class="pager"><a href="{{NEXT_URL}}">[[Jours suivants]]</a></p>
{{#HAS_DAY}}<h2>[[Horaires du]] {{DAY_LABEL}}</h2>{{/HAS_DAY}}
{{#NO_DAY}}<p>[[Aucun créneau libre sur ces jours : voyez les jours suivants.]]</p>{{/NO_DAY}}
<form action="/rdv/{{REF}}/deplacer" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<ul class="times">
{{#TIME}}<li><button type="submit" class="button time" name="creneau" value="{{SLOT_ID}}">{{LABEL}}</button></li>
{{/TIME}}
</ul>
</form>
<h2>[[Ou un autre lieu]]</h2>
<p>[[Votre rendez-vous peut être déplacé dans n'importe quelle mairie équipée de la plateforme, les plus proches d'abord.]]</p>
<ul class="places">
{{#PLACE}}<li>{{#LINK}}<a href="{{URL}}">{{NAME}}</a>{{/LINK}}{{#SHOWN}}<strong>{{NAME}}</strong> ([[affiché]]){{/SHOWN}}, {{CITY}} — {{EARLIEST}}</li>
{{/PLACE}}
</ul>
<p class="back"><a href="/rdv/{{REF}}?t={{TOKEN}}">[[Garder mon rendez-vous actuel]]</a></p>
{{>FOOTER}}
