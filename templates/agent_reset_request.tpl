{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Mot de passe oublié]]</h1>
{{#SENT}}<p class="notice" role="status">[[Si un compte existe avec cette adresse, un lien pour choisir un nouveau mot de passe vient d'être envoyé. Il est valable 30 minutes.]]</p>{{/SENT}}
<form action="/agent/mot-de-passe" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" autocomplete="username" maxlength="254" value="{{V_EMAIL}}" required{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}>
</div>
<p class="actions"><button type="submit" class="button">[[Recevoir un lien]]</button></p>
</form>
{{>FOOTER}}
