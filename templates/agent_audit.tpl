{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Journal des actions]]</h1>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/journal" method="get" class="card filters">
<div class="field"><label for="qui">[[Qui (début du nom ou de l'adresse)]]</label>
{{#ERR_QUI}}<p class="error">{{E_QUI}}</p>{{/ERR_QUI}}
<input id="qui" name="qui" type="text" maxlength="100" value="{{V_QUI}}"></div>
<div class="field"><label for="action">[[Action]]</label>
<select id="action" name="action"><option value="">[[Toutes]]</option>
{{#ACTION_OPTION}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/ACTION_OPTION}}</select></div>
{{#PLATFORM}}<div class="field"><label for="commune">[[Commune]]</label>
<select id="commune" name="commune"><option value="">[[Toutes]]</option>
{{#COMMUNE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/COMMUNE_OPTION}}</select></div>{{/PLATFORM}}
<div class="field"><label for="du">[[Du (AAAA-MM-JJ)]]</label>
{{#ERR_DU}}<p class="error">{{E_DU}}</p>{{/ERR_DU}}
<input id="du" name="du" type="date" value="{{V_DU}}"></div>
<div class="field"><label for="au">[[Au (AAAA-MM-JJ)]]</label>
{{#ERR_AU}}<p class="error">{{E_AU}}</p>{{/ERR_AU}}
<input id="au" name="au" type="date" value="{{V_AU}}"></div>
<p class="actions"><button type="submit" class="button">[[Filtrer]]</button> <a href="{{CSV_URL}}">[[Exporter en CSV]]</a></p>
</form>
{{#NONE}}<p>[[Aucune ligne ne correspond.]]</p>{{/NONE}}
<table>
<thead><tr><th scope="col">[[Date (UTC)]]</th><th scope="col">[[Qui]]</th><th scope="col">[[Action]]</th><th scope="col">[[Enregistrement]]</th><th scope="col">[[Détails]]</th><th scope="col">[[Commune]]</th></tr></thead>
<tbody>
{{#ENTRY}}<tr><td>{{AT}}</td><td>{{WHO}}</td><td>{{ACTION}}</td><td>{{RECORD}}</td><td>{{DETAILS}}</td><td>{{COMMUNE}}</td></tr>
{{/ENTRY}}
</tbody>
</table>
{{>FOOTER}}
