{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Connexion du personnel]]</h1>
{{#SIGNED_OUT}}<p class="notice" role="status">[[Vous êtes déconnecté.]]</p>{{/SIGNED_OUT}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<form action="/agent/connexion" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="suite" value="{{NEXT}}">
<div class="field">
<label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" autocomplete="username" maxlength="254" value="{{V_EMAIL}}" required{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}>
</div>
<div class="field">
<label for="mot_de_passe">[[Mot de passe]]</label>
{{#ERR_MOT_DE_PASSE}}<p class="error" id="mdp-err">{{E_MOT_DE_PASSE}}</p>{{/ERR_MOT_DE_PASSE}}
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" maxlength="200" required{{#ERR_MOT_DE_PASSE}} aria-invalid="true" aria-describedby="mdp-err"{{/ERR_MOT_DE_PASSE}}>
</div>
<p class="actions"><button type="submit" class="button">[[Se connecter]]</button> <a href="/agent/mot-de-passe">[[Mot de passe oublié ?]]</a></p>
</form>
{{>FOOTER}}
