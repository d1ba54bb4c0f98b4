{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Un rendez-vous s'est libéré pour vous]]</h1>
<p>[[Cet horaire vous est gardé jusqu'à]] <strong>{{UNTIL}}</strong>. [[Sans confirmation à temps, il est proposé à la personne suivante et vous restez sur la liste.]]</p>
<dl class="card details">
<dt>[[Démarche]]</dt><dd>{{PROCEDURE_NAME}} — {{PARTY_TEXT}}</dd>
<dt>[[Date]]</dt><dd>{{DATE}} [[à]] {{TIME}}</dd>
<dt>[[Lieu]]</dt><dd>{{SITE_NAME}}, {{ADDRESS}}, {{POSTCODE}} {{CITY}}</dd>
</dl>
<h2>[[Personnes]]</h2>
<ul>{{#PERSON}}<li>{{LAST}} {{FIRST}}, [[né(e) le]] {{BIRTH}}{{#PRE}} — [[pré-demande]] {{NUMBER}}{{/PRE}}</li>{{/PERSON}}</ul>
<form action="/liste/{{ENTRY_REF}}/offre/{{OFFER_ID}}" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{OFFER_TOKEN}}">
<p class="actions"><button type="submit" class="button">[[Confirmer ce rendez-vous]]</button></p>
</form>
<p><a href="/liste/{{ENTRY_REF}}?t={{ENTRY_TOKEN}}">[[Cet horaire ne me convient pas : voir mon inscription ou quitter la liste]]</a></p>
{{>FOOTER}}
