{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Votre rendez-vous]] {{REF}}</h1>
{{#JUST_CONFIRMED}}<div class="notice" role="status"><p>[[Votre rendez-vous est confirmé. Un message de confirmation vous a été envoyé.]]</p></div>{{/JUST_CONFIRMED}}
{{#JUST_MOVED}}<div class="notice" role="status"><p>[[Votre rendez-vous a été déplacé. Le nouvel horaire vous a été envoyé.]]</p></div>{{/JUST_MOVED}}
{{#JUST_CANCELLED}}<div class="notice" role="status"><p>[[Votre rendez-vous est annulé.]]</p></div>{{/JUST_CANCELLED}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#IS_PICKUP}}<div class="notice"><p><strong>[[Ce rendez-vous sert à retirer votre titre (carte d'identité ou passeport).]]</strong>{{#FILED}} [[Il a été fixé au dépôt de votre demande, le]] {{WHEN}}.{{/FILED}} [[Apportez le récépissé de dépôt et votre ancien titre s'il ne vous a pas été repris.]]</p></div>{{/IS_PICKUP}}
<dl class="card details">
<dt>[[Référence]]</dt><dd>{{REF}}</dd>
<dt>[[État]]</dt><dd>{{#IS_CONFIRMED}}[[Confirmé]]{{/IS_CONFIRMED}}{{#IS_CANCELLED}}[[Annulé]]{{/IS_CANCELLED}}{{#IS_HELD}}[[En attente de confirmation]]{{/IS_HELD}}{{#IS_EXPIRED}}[[Expiré]]{{/IS_EXPIRED}}</dd>
<dt>[[Démarche]]</dt><dd>{{PROCEDURE_NAME}} — {{PARTY_TEXT}}</dd>
<dt>[[Date]]</dt><dd>{{DATE}} [[à]] {{TIME}}</dd>
<dt>[[Lieu]]</dt><dd>{{SITE_NAME}}, {{ADDRESS}}, {{POSTCODE}} {{CITY}}<br>{{ACCESS_INFO}}</dd>
<dt>[[Contact de la mairie]]</dt><dd>{{COMMUNE_NAME}} — {{COMMUNE_PHONE}} — {{COMMUNE_EMAIL}}</dd>
</dl>
<h2>[[Personnes]]</h2>
<ul>{{#PERSON}}<li>{{LAST}} {{FIRST}}, [[né(e) le]] {{BIRTH}}{{#PRE}} — [[pré-demande]] {{NUMBER}}{{/PRE}}</li>{{/PERSON}}</ul>
{{#IS_CONFIRMED}}
<h2>[[Pièces à apporter]]</h2>
<ul class="documents">{{#DOCUMENT}}<li>{{TEXT}}</li>{{/DOCUMENT}}</ul>
<p><a class="button" href="/rdv/{{REF}}/convocation?t={{TOKEN}}">[[Voir et imprimer la convocation]]</a></p>
{{/IS_CONFIRMED}}
{{#CAN_CHANGE}}
<h2>[[Modifier le rendez-vous]]</h2>
<p><a class="button secondary" href="/rdv/{{REF}}/deplacer?t={{TOKEN}}">[[Déplacer le rendez-vous]]</a></p>
<form id="annuler" action="/rdv/{{REF}}/annuler" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<p><button type="submit" class="button danger">[[Annuler le rendez-vous]]</button></p>
<p class="hint">[[L'annulation libère l'horaire pour une autre personne.]]</p>
</form>
{{/CAN_CHANGE}}
{{#TOO_LATE}}<p>{{MESSAGE}}</p>{{/TOO_LATE}}
{{#IS_CANCELLED}}<p><a class="button" href="/">[[Prendre un nouveau rendez-vous]]</a></p>{{/IS_CANCELLED}}
<p class="hint">[[Gardez ce lien : il permet de revenir sur cette page. Vous pouvez aussi retrouver votre rendez-vous avec sa référence depuis « Gérer mon rendez-vous ».]]</p>
{{>FOOTER}}
