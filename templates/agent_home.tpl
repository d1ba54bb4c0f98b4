{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Accueil du personnel]]</h1>
<p class="actions"><a class="button" href="/agent/creneaux">[[Prendre un rendez-vous pour une personne]]</a> <a class="button secondary" href="/agent/recherche">[[Rechercher un rendez-vous]]</a> <a class="button secondary" href="/agent/urgences">[[Demandes urgentes]]</a></p>
{{#OVERDUE}}<div class="alert" role="alert"><p><strong>{{OVERDUE_TEXT}}</strong> — <a href="/agent/reclamations?retard=1">[[Voir les réclamations en retard]]</a></p></div>{{/OVERDUE}}
{{#NO_OVERDUE}}<p><a href="/agent/reclamations">[[Registre des réclamations]]</a> — [[aucune réclamation en retard.]]</p>{{/NO_OVERDUE}}
<h2>[[Agendas par appareil]]</h2>
<ul class="devices">
{{#DEVICE}}<li><a href="/agent/agenda/{{ID}}">{{NAME}} — {{SITE}}</a> ({{COMMUNE}}) · <a href="/agent/agenda/{{ID}}?vue=semaine">[[semaine]]</a></li>
{{/DEVICE}}
</ul>
{{>FOOTER}}
