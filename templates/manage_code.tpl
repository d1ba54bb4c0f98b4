{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Saisissez votre code]]</h1>
<p>[[Si la référence et le contact correspondent à un rendez-vous, un code à 6 chiffres vient d'être envoyé. Il est valable 10 minutes.]]</p>
<form action="/gerer/{{REF}}/code" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="code">[[Code reçu]]</label>
{{#ERR_CODE}}<p class="error" id="code-err" role="alert">{{E_CODE}}</p>{{/ERR_CODE}}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required{{#ERR_CODE}} aria-invalid="true" aria-describedby="code-err"{{/ERR_CODE}}>
</div>
<p class="actions"><button type="submit" class="button">[[Accéder au rendez-vous]]</button></p>
</form>
<p><a href="/gerer">[[Demander un nouveau code]]</a></p>
{{>FOOTER}}
