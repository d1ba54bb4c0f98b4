{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Planning]]</h1>
<p>[[Chaque appareil a ses plages d'ouverture par jour de la semaine, découpées en créneaux, avec un quota de places par niveau de service (normal pour le public, urgence et extrême urgence réservés aux agents).]]</p>
<ul class="devices">
{{#DEVICE}}<li>{{NAME}} — <a href="/agent/agenda/{{ID}}">[[agenda]]</a> · <a href="/agent/planning/{{ID}}">[[horaires et quotas]]</a></li>
{{/DEVICE}}
</ul>
<p><a href="/agent/fermetures">[[Fermetures, pannes et absences]]</a></p>
{{>FOOTER}}
