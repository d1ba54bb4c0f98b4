{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<div class="noprint">
<h1>{{TITLE}}</h1>
{{#BATCH}}
<form action="/agent/absences" method="get" class="inline">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<label for="jour">[[Jour]]</label>
<input id="jour" name="jour" type="text" inputmode="numeric" value="{{DAY}}" maxlength="10" aria-describedby="jour_aide">
<span class="hint" id="jour_aide">[[JJ/MM/AAAA]]</span>
<button type="submit" class="button secondary">[[Afficher]]</button>
</form>
<p role="status">{{COUNT_TEXT}}</p>
{{/BATCH}}
<p><button type="button" class="button js-only" id="print" hidden>[[Imprimer]]</button>{{#BACK}} <a href="{{BACK}}">[[Retour au rendez-vous]]</a>{{/BACK}}</p>
</div>
{{#NONE}}<p>[[Aucune absence notée ce jour-là.]]</p>{{/NONE}}
{{#LETTER}}
<article class="letter">
<p class="letterhead"><strong>{{MAIRIE}}</strong><br>{{SITE_NAME}}<br>{{ADDRESS}}<br>{{POSTCODE}} {{CITY}}<br>{{COMMUNE_PHONE}} — {{COMMUNE_EMAIL}}</p>
<p class="addressee">{{#PERSON}}{{FIRST}} {{LAST}}<br>{{/PERSON}}</p>
<p class="letterdate">{{PLACE_DATE}}</p>
<h2>[[Objet : rendez-vous non honoré]] ({{REF}})</h2>
<p>[[Madame, Monsieur,]]</p>
<p>[[Vous aviez rendez-vous le]] <strong>{{DATE}} [[à]] {{TIME}}</strong>, {{SITE_NAME}}, [[pour la démarche suivante :]] {{PROCEDURE_NAME}} (<span class="nowrap">[[référence]] {{REF}}</span>).
[[Nous avons constaté votre absence : votre demande n'a donc pas pu être traitée, et ce créneau n'a pu servir à personne d'autre.]]</p>
<h3>[[Pour reprendre rendez-vous]]</h3>
<p>[[Choisissez un nouveau créneau sur]] {{HOME_URL}}[[, appelez la mairie au]] {{COMMUNE_PHONE}}[[, ou présentez-vous à l'accueil de la mairie.]]</p>
<h3>[[Si vous ne pouvez pas venir]]</h3>
<p>[[Annulez votre rendez-vous le plus tôt possible : depuis le lien du message de confirmation, sur]] {{MANAGE_URL}} [[avec la référence de votre rendez-vous, ou en appelant la mairie. Le créneau est alors proposé à une autre personne.]]</p>
<p>[[Veuillez agréer, Madame, Monsieur, nos salutations distinguées.]]</p>
<p class="signature">[[Le service des titres d'identité]]<br>{{MAIRIE}}</p>
</article>
{{/LETTER}}
<script src="/static/js/print.js" defer></script>
{{>FOOTER}}
