{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Confirmez votre demande urgente]]</h1>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<p>{{#BY_SMS}}[[Un code à 6 chiffres a été envoyé par SMS au]]{{/BY_SMS}}{{#BY_EMAIL}}[[Un code à 6 chiffres a été envoyé par courriel à]]{{/BY_EMAIL}} <strong>{{CONTACT}}</strong>.</p>
<div class="card summary">
<p>[[Demande urgente]] — <strong>{{PROCEDURE_NAME}}</strong> — {{SITE_NAME}}</p>
</div>
<form action="/urgence/{{REF}}/code" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="h" value="{{CODE_TOKEN}}">
<div class="field">
<label for="code">[[Code de confirmation]]</label>
{{#ERR_CODE}}<p class="error" id="code-err" role="alert">{{E_CODE}}</p>{{/ERR_CODE}}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8" value="" required{{#ERR_CODE}} aria-invalid="true" aria-describedby="code-err"{{/ERR_CODE}}>
</div>
<p class="actions"><button type="submit" class="button">[[Envoyer ma demande à la mairie]]</button></p>
</form>
{{>FOOTER}}
