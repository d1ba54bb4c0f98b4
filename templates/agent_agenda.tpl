{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Agenda]] {{DEVICE_NAME}} — {{SITE_NAME}}</h1>
<p class="notice" id="liste-attente">{{WAITLIST_TEXT}}</p>
<nav class="pager" aria-label="[[Changer de jour]]">
<a href="/agent/agenda/{{DEVICE_ID}}?jour={{PREV}}{{#WEEK}}&amp;vue=semaine{{/WEEK}}">[[Précédent]]</a>
<strong>{{DAY_LABEL}}</strong>
<a href="/agent/agenda/{{DEVICE_ID}}?jour={{NEXT}}{{#WEEK}}&amp;vue=semaine{{/WEEK}}">[[Suivant]]</a>
· <a href="/agent/agenda/{{DEVICE_ID}}?jour={{DAY}}">[[Jour]]</a> · <a href="/agent/agenda/{{DEVICE_ID}}?jour={{DAY}}&amp;vue=semaine">[[Semaine]]</a>
</nav>
<form action="/agent/agenda/{{DEVICE_ID}}" method="get" class="inline">
<label for="jour">[[Aller au jour]]</label>
<input id="jour" name="jour" type="text" inputmode="numeric" value="{{DAY}}" maxlength="10">
<button type="submit" class="button secondary">[[Afficher]]</button>
</form>
{{#WEEK}}
<table>
<caption>[[Semaine à partir du]] {{DAY_LABEL}}</caption>
<thead><tr><th scope="col">[[Jour]]</th><th scope="col">[[Places offertes]]</th><th scope="col">[[Réservées]]</th><th scope="col">[[Libres]]</th></tr></thead>
<tbody>
{{#WEEKDAY}}<tr><th scope="row"><a href="/agent/agenda/{{DEVICE_ID}}?jour={{DAY}}">{{LABEL}}</a></th><td>{{OFFERED}}</td><td>{{BOOKED}}</td><td>{{FREE}}</td></tr>
{{/WEEKDAY}}
</tbody>
</table>
{{/WEEK}}
{{#DAYVIEW}}
<table class="quotas">
<caption>[[Quotas par heure : réservés / quota]]</caption>
<thead><tr><th scope="col">[[Heure]]</th><th scope="col">[[Normal]]</th><th scope="col">[[Urgence]]</th><th scope="col">[[Extrême urgence]]</th></tr></thead>
<tbody>
{{#HOUR}}<tr><th scope="row">{{HOUR}}</th>{{#Q}}<td>{{V}}</td>{{/Q}}</tr>
{{/HOUR}}
</tbody>
</table>
{{#CLOSED}}<p>[[Aucun créneau ce jour-là (fermé).]]</p>{{/CLOSED}}
{{#NOSHOW_LETTERS}}<p><a href="/agent/absences?jour={{DAY}}&amp;commune={{COMMUNE_ID}}">[[Lettres d'absence du jour]]</a></p>{{/NOSHOW_LETTERS}}
<table class="agenda">
<caption>[[Créneaux et rendez-vous du]] {{DAY_LABEL}}</caption>
<thead><tr><th scope="col">[[Heure]]</th><th scope="col">[[Places libres : normal / urgence / extrême urgence]]</th><th scope="col">[[Rendez-vous]]</th></tr></thead>
<tbody>
{{#SLOT}}<tr>
<th scope="row">{{TIME}}</th>
<td>{{REGULAR_FREE}}/{{REGULAR_CAP}} · {{URGENT_FREE}}/{{URGENT_CAP}} · {{EXTREME_FREE}}/{{EXTREME_CAP}}</td>
<td>{{#BOOKING}}<p><a href="/agent/rdv/{{REF}}">{{REF}}</a> — {{PERSONS}} — {{PROCEDURE}} ({{PARTY}}) — {{LEVEL}} — {{CHANNEL}} — <strong>{{ATTENDANCE}}</strong>{{#HELD}} — [[en attente du code]]{{/HELD}}</p>{{/BOOKING}}</td>
</tr>
{{/SLOT}}
</tbody>
</table>
{{/DAYVIEW}}
{{>FOOTER}}
