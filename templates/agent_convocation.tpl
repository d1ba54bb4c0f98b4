{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<article class="convocation">
<h1>[[Convocation]] — {{PROCEDURE_NAME}}</h1>
<p class="ref">[[Référence]] <strong>{{REF}}</strong></p>
<dl class="details">
<dt>[[Date]]</dt><dd><strong>{{DATE}} [[à]] {{TIME}}</strong></dd>
<dt>[[Lieu]]</dt><dd>{{SITE_NAME}}<br>{{ADDRESS}}<br>{{POSTCODE}} {{CITY}}<br>{{ACCESS_INFO}}</dd>
<dt>[[Mairie]]</dt><dd>{{COMMUNE_NAME}} — {{COMMUNE_PHONE}} — {{COMMUNE_EMAIL}}</dd>
</dl>
<h2>[[Personnes convoquées]]</h2>
<ul>{{#PERSON}}<li>{{LAST}} {{FIRST}}, [[né(e) le]] {{BIRTH}}{{#PRE}} — [[pré-demande]] {{NUMBER}}{{/PRE}}</li>{{/PERSON}}</ul>
<h2>[[Pièces à apporter pour chaque personne]]</h2>
<ul class="documents">{{#DOCUMENT}}<li>{{TEXT}}</li>{{/DOCUMENT}}</ul>
<p>[[Présentez-vous quelques minutes avant l'heure. Les mineurs doivent être présents, accompagnés d'un parent.]]</p>
<p>[[Pour annuler ou déplacer ce rendez-vous :]] {{MANAGE_URL}} ([[référence]] {{REF}}).</p>
</article>
<p class="noprint"><button type="button" class="button js-only" id="print" hidden>[[Imprimer]]</button> <a href="/agent/rdv/{{REF}}">[[Retour au rendez-vous]]</a></p>
<script src="/static/js/print.js" defer></script>
{{>FOOTER}}
