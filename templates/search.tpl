{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{TITLE}}</h1>
<p class="lead">{{PROCEDURE_NAME}} — {{PARTY_TEXT}} — {{NEAR_WHERE}}. <a href="/">[[Modifier]]</a></p>
{{#FAR}}<p class="notice" role="status">[[Le lieu le plus proche est à]] {{DISTANCE}}.</p>{{/FAR}}
{{#NO_DISTANCE}}<p class="notice" role="status">[[Nous ne connaissons pas la position de votre commune : les lieux sont classés du plus tôt au plus tard.]]</p>{{/NO_DISTANCE}}
{{#MAP}}<nav class="sort" aria-label="[[Trier les résultats]]">
<span>[[Trier :]]</span>
{{#SORTED_BY_DISTANCE}}<a href="{{SORT_DISTANCE_URL}}" aria-current="true">[[au plus près]]</a> <a href="{{SORT_DATE_URL}}">[[au plus tôt]]</a>{{/SORTED_BY_DISTANCE}}
{{#SORTED_BY_DATE}}<a href="{{SORT_DISTANCE_URL}}">[[au plus près]]</a> <a href="{{SORT_DATE_URL}}" aria-current="true">[[au plus tôt]]</a>{{/SORTED_BY_DATE}}
</nav>
{{/MAP}}
{{#NO_SITE}}<p class="alert" role="status">[[Aucune mairie de la plateforme ne propose cette démarche pour l'instant.]]</p>{{/NO_SITE}}
<ol class="sites">
{{#SITE}}<li class="site card" data-lat="{{SITE_LAT}}" data-lon="{{SITE_LON}}" data-name="{{NAME}}">
<h2><a href="{{SITE_URL}}">{{NAME}}</a></h2>
<p>{{ADDRESS}}, {{POSTCODE}} {{CITY}}{{#HAS_DISTANCE}} — <span class="distance">{{DISTANCE}}</span>{{/HAS_DISTANCE}}</p>
{{#EARLIEST}}<p>[[Premier créneau :]] <strong>{{DATE}} [[à]] {{TIME}}</strong></p>
<p class="actions"><a class="button" href="{{BOOK_URL}}">[[Réserver ce créneau]]</a> <a href="{{SITE_URL}}">[[Voir d'autres horaires]]</a></p>{{/EARLIEST}}
{{#NO_FREE}}<p>[[Aucun créneau libre dans les prochaines semaines.]] <a href="{{WAITLIST_URL}}">[[M'inscrire sur la liste d'attente de ce lieu]]</a></p>{{/NO_FREE}}
</li>
{{/SITE}}
</ol>
{{#WAITLIST}}<p class="card">[[Aucun horaire ne vous convient ?]] <a href="{{URL}}">[[Inscrivez-vous sur la liste d'attente]]</a> : [[une place qui se libère vous sera proposée.]] [[Votre titre expire bientôt ou c'est urgent ?]] <a href="/urgence?procedure={{PROCEDURE:u}}">[[Demander un rendez-vous urgent]]</a></p>{{/WAITLIST}}
{{#MAP}}<div id="map" class="map js-only" hidden data-lat="{{LAT}}" data-lon="{{LON}}" role="region" aria-label="[[Carte des lieux]]"></div>{{/MAP}}
<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">
<script src="/static/vendor/leaflet/leaflet.js" defer></script>
<script src="/static/js/map.js" defer></script>
{{>FOOTER}}
