{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Confirmez votre rendez-vous]]</h1>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#RESENT}}<p class="notice" role="status">[[Un nouveau code vient d'être envoyé.]]</p>{{/RESENT}}
<p>{{#BY_SMS}}[[Un code à 6 chiffres a été envoyé par SMS au]]{{/BY_SMS}}{{#BY_EMAIL}}[[Un code à 6 chiffres a été envoyé par courriel à]]{{/BY_EMAIL}} <strong>{{CONTACT}}</strong>.</p>
<p>{{MINUTES_LEFT_TEXT}}</p>
<div class="card summary">
<p><strong>{{PROCEDURE_NAME}}</strong> — {{PARTY_TEXT}}</p>
<p>{{DATE}} [[à]] {{TIME}}</p>
<p>{{SITE_NAME}}, {{ADDRESS}}, {{POSTCODE}} {{CITY}}</p>
</div>
<form action="/confirmer/{{REF}}" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="h" value="{{HOLD_TOKEN}}">
<input type="hidden" name="canal" value="{{CANAL}}">
<div class="field">
<label for="code">[[Code de confirmation]]</label>
{{#ERR_CODE}}<p class="error" id="code-err" role="alert">{{E_CODE}}</p>{{/ERR_CODE}}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8" value="" required{{#ERR_CODE}} aria-invalid="true" aria-describedby="code-err"{{/ERR_CODE}}>
</div>
<p class="actions"><button type="submit" class="button">[[Confirmer le rendez-vous]]</button></p>
</form>
<form action="/confirmer/{{REF}}/renvoyer" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="h" value="{{HOLD_TOKEN}}">
<input type="hidden" name="canal" value="{{CANAL}}">
<p>[[Pas reçu de code ?]] <button type="submit" class="link">[[Envoyer un nouveau code]]</button></p>
</form>
<form action="/confirmer/{{REF}}/abandonner" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="h" value="{{HOLD_TOKEN}}">
<p>[[Vous ne voulez plus de ce rendez-vous ?]] <button type="submit" class="link">[[Annuler cette demande]]</button></p>
</form>
{{>FOOTER}}
