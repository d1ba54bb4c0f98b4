{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Rendez-vous à venir]]</h1>
{{#NONE}}<p>[[Aucun rendez-vous à venir.]]</p>{{/NONE}}
<table>
<thead><tr><th scope="col">[[Référence]]</th><th scope="col">[[Date]]</th><th scope="col">[[Personnes]]</th><th scope="col">[[Démarche]]</th><th scope="col">[[Lieu]]</th></tr></thead>
<tbody>
{{#ROW}}<tr><th scope="row"><a href="/agent/rdv/{{REF}}">{{REF}}</a></th><td>{{WHEN}}</td><td>{{PERSONS}}</td><td>{{PROCEDURE}}</td><td>{{SITE}} ({{COMMUNE}})</td></tr>
{{/ROW}}
</tbody>
</table>
{{>FOOTER}}
