{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Accueil du personnel]]</h1>
<p class="actions"><a class="button" href="/agent/creneaux">[[Prendre un rendez-vous pour une personne]]</a> <a class="button secondary" href="/agent/recherche">[[Rechercher un rendez-vous]]</a> <a class="button secondary" href="/agent/urgences">[[Demandes urgentes]]</a></p>
<h2>[[Agendas par appareil]]</h2>
<ul class="devices">
{{#DEVICE}}<li><a href="/agent/agenda/{{ID}}">{{NAME}} — {{SITE}}</a> ({{COMMUNE}}) · <a href="/agent/agenda/{{ID}}?vue=semaine">[[semaine]]</a></li>
{{/DEVICE}}
</ul>
{{>FOOTER}}
