{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Créneaux libres]]</h1>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li>{{MESSAGE}}</li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/creneaux" method="get" class="card">
<div class="field"><label for="procedure">[[Démarche]]</label>
<select id="procedure" name="procedure">{{#PROCEDURE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PROCEDURE_OPTION}}</select></div>
<div class="field"><label for="personnes">[[Nombre de personnes]]</label>
<select id="personnes" name="personnes">{{#PARTY_OPTION}}<option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>{{/PARTY_OPTION}}</select></div>
{{#COMMUNES}}<div class="field"><label for="commune">[[Commune]]</label>
<select id="commune" name="commune"><option value="0">[[Toutes les communes équipées]]</option>{{#COMMUNE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COMMUNE_OPTION}}</select></div>{{/COMMUNES}}
{{#LEVELS}}<div class="field"><label for="niveau">[[Niveau de service]]</label>
<select id="niveau" name="niveau">{{#LEVEL_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/LEVEL_OPTION}}</select></div>{{/LEVELS}}
<p class="field"><input id="mineurs" name="mineurs" type="checkbox" value="1"{{#MINORS_CHECKED}} checked{{/MINORS_CHECKED}}> <label for="mineurs">[[Toutes les personnes sont mineures (créneaux réservés aux mineurs compris)]]</label></p>
<div class="field"><label for="jour">[[Jour (AAAA-MM-JJ ou JJ/MM/AAAA)]]</label>
{{#ERR_JOUR}}<p class="error" id="jour-err">{{E_JOUR}}</p>{{/ERR_JOUR}}
<input id="jour" name="jour" type="text" inputmode="numeric" maxlength="10" value="{{DAY}}"></div>
<p class="actions"><button type="submit" class="button">[[Afficher les créneaux]]</button></p>
</form>
<h2>[[Créneaux libres du]] {{DAY_LABEL}}</h2>
{{#NONE}}<p role="status">[[Aucun créneau libre ce jour-là pour ce niveau : essayez un autre jour.]]</p>{{/NONE}}
<table>
<thead><tr><th scope="col">[[Heure]]</th><th scope="col">[[Commune]]</th><th scope="col">[[Lieu]]</th><th scope="col">[[Appareil]]</th><th scope="col"><span class="visually-hidden">[[Action]]</span></th></tr></thead>
<tbody>
{{#FREE}}<tr><th scope="row">{{TIME}}</th><td>{{COMMUNE}}</td><td>{{SITE}}</td><td>{{DEVICE}}</td><td><a href="{{URL}}">[[Réserver]] {{TIME}}</a></td></tr>
{{/FREE}}
</tbody>
</table>
{{>FOOTER}}
