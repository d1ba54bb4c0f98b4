{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Registre des réclamations]]</h1>
<p class="actions"><a class="button" href="/agent/reclamations/nouvelle">[[Enregistrer une réclamation]]</a>{{#CAN_SUBJECTS}} <a class="button secondary" href="/agent/reclamations/sujets">[[Sujets et délai de réponse]]</a>{{/CAN_SUBJECTS}}</p>
<form action="/agent/reclamations" method="get" class="inline card">
<label for="statut">[[Statut]]</label>
<select id="statut" name="statut">
{{#FILTER}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/FILTER}}</select>
<input type="checkbox" id="retard" name="retard" value="1"{{#RETARD_CHECKED}} checked{{/RETARD_CHECKED}}> <label for="retard">[[En retard seulement (délai de réponse dépassé)]]</label>
<button type="submit" class="button secondary">[[Filtrer]]</button>
</form>
<table>
<caption>{{COUNT_TEXT}}</caption>
<thead><tr><th scope="col">[[Référence]]</th>{{#SHOW_COMMUNE}}<th scope="col">[[Commune]]</th>{{/SHOW_COMMUNE}}<th scope="col">[[Reçue le]]</th><th scope="col">[[Canal]]</th><th scope="col">[[Sujet]]</th><th scope="col">[[Personne]]</th><th scope="col">[[Responsable]]</th><th scope="col">[[Statut]]</th><th scope="col">[[Réponse au plus tard le]]</th></tr></thead>
<tbody>
{{#ROW}}<tr{{#OVERDUE}} class="overdue"{{/OVERDUE}}><td><a href="/agent/reclamations/{{REF}}">{{REF}}</a></td>{{#ROW_COMMUNE}}<td>{{COMMUNE}}</td>{{/ROW_COMMUNE}}<td>{{RECEIVED}}</td><td>{{CHANNEL}}</td><td>{{SUBJECT}}</td><td>{{NAME}}</td><td>{{OWNER}}</td><td>{{STATUS}}</td><td>{{DEADLINE}}{{#OVERDUE}} <strong class="badge">[[en retard]]</strong>{{/OVERDUE}}</td></tr>
{{/ROW}}
</tbody>
</table>
{{#NONE}}<p role="status">[[Aucune réclamation ne correspond.]]</p>{{/NONE}}
{{>FOOTER}}
