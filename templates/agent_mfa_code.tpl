{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Code de vérification]]</h1>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<p>[[Votre mot de passe est correct. Saisissez le code à 6 chiffres affiché par votre application d'authentification. Sans votre téléphone, saisissez l'un de vos codes de secours.]]</p>
<form action="/agent/connexion/code" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="suite" value="{{NEXT}}">
<div class="field">
<label for="code">[[Code à 6 chiffres ou code de secours]]</label>
{{#ERR_CODE}}<p class="error" id="code-err">{{E_CODE}}</p>{{/ERR_CODE}}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="20" value="{{V_CODE}}" required{{#ERR_CODE}} aria-invalid="true" aria-describedby="code-err"{{/ERR_CODE}}>
</div>
<p class="actions"><button type="submit" class="button">[[Vérifier]]</button></p>
</form>
<p>[[Téléphone perdu et plus de code de secours ? Un administrateur de votre commune peut réinitialiser votre double authentification.]]</p>
{{>FOOTER}}
