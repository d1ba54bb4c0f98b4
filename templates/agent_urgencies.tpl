{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Demandes urgentes]]</h1>
{{#DONE_GRANTED}}<div class="notice" role="status"><p>[[Le rendez-vous urgent est accordé : la personne a reçu sa convocation.]]</p></div>{{/DONE_GRANTED}}
{{#DONE_REFUSED}}<div class="notice" role="status"><p>[[La demande est refusée : la personne en a été informée, avec le motif.]]</p></div>{{/DONE_REFUSED}}
<p>{{WAITING_TEXT}}</p>
{{#NONE}}<p role="status">[[Aucune demande urgente.]]</p>{{/NONE}}
<div class="scroll">
<table>
<caption>[[Demandes faites en ligne : les plus anciennes en attente d'abord]]</caption>
<thead><tr><th scope="col">[[Référence]]</th><th scope="col">[[Reçue le]]</th><th scope="col">[[Personne]]</th><th scope="col">[[Démarche]]</th><th scope="col">[[Lieu]]</th><th scope="col">[[Motif]]</th><th scope="col">[[Échéance]]</th><th scope="col">[[État]]</th></tr></thead>
<tbody>
{{#ROW}}<tr><td><a href="/agent/urgences/{{REF}}">{{REF}}</a></td><td>{{WHEN}}</td><td>{{PERSON}}</td><td>{{PROCEDURE}}</td><td>{{SITE}}</td><td>{{REASON}}</td><td>{{DUE}}</td><td>{{STATUS}}</td></tr>
{{/ROW}}
</tbody>
</table>
</div>
{{>FOOTER}}
