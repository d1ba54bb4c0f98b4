{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Journal des actions]]</h1>
<table>
<thead><tr><th scope="col">[[Date (UTC)]]</th><th scope="col">[[Qui]]</th><th scope="col">[[Action]]</th><th scope="col">[[Enregistrement]]</th><th scope="col">[[Détails]]</th><th scope="col">[[Commune]]</th></tr></thead>
<tbody>
{{#ENTRY}}<tr><td>{{AT}}</td><td>{{WHO}}</td><td>{{ACTION}}</td><td>{{RECORD}}</td><td>{{DETAILS}}</td><td>{{COMMUNE}}</td></tr>
{{/ENTRY}}
</tbody>
</table>
{{>FOOTER}}
