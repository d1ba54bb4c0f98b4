{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<article class="convocation letter">
<header class="letter-head">
<p><strong>[[Mairie de {{COMMUNE_NAME}}]]</strong><br>{{COMMUNE_PHONE}}<br>{{COMMUNE_EMAIL}}</p>
</header>
<p class="letter-to">{{NAME}}<br><span class="pre">{{ADDRESS:pre_escape}}</span></p>
<p class="letter-date">{{COMMUNE_NAME}}, {{DATE}}</p>
<p><strong>[[Objet :]]</strong> {{#ACK}}[[accusé de réception de votre réclamation {{REF}}]]{{/ACK}}{{#REPLY}}[[réponse à votre réclamation {{REF}}]]{{/REPLY}}</p>
<p>[[Madame, Monsieur,]]</p>
{{#ACK}}
<h1>[[Accusé de réception]]</h1>
<p>[[Nous avons bien reçu votre réclamation le {{RECEIVED}} ({{CHANNEL}}). Elle est enregistrée sous la référence {{REF}}.]]</p>
<p><strong>[[Nous nous engageons à vous répondre au plus tard le {{REPLY_BY}}.]]</strong></p>
{{/ACK}}
{{#REPLY}}
<h1>[[Réponse à votre réclamation]]</h1>
<p>[[Vous nous avez adressé le {{RECEIVED}} une réclamation, enregistrée sous la référence {{REF}}.]]</p>
<div class="pre">{{TEXT:pre_escape}}</div>
{{/REPLY}}
<p>[[Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.]]</p>
<p>[[Le service accueil de la mairie de {{COMMUNE_NAME}}]]</p>
</article>
<p class="noprint"><button type="button" class="button js-only" id="print" hidden>[[Imprimer]]</button> <a href="/agent/reclamations/{{REF}}">[[Retour à la réclamation]]</a></p>
<script src="/static/js/print.js" defer></script>
{{>FOOTER}}
