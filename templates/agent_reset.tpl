{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Nouveau mot de passe]]</h1>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<p>[[Choisissez un mot de passe de 12 caractères au moins, par exemple une phrase de plusieurs mots. Les mots de passe trop courants sont refusés.]]</p>
<form action="/agent/mot-de-passe/nouveau" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<div class="field">
<label for="mot_de_passe">[[Nouveau mot de passe]]</label>
{{#ERR_MOT_DE_PASSE}}<p class="error" id="mdp-err">{{E_MOT_DE_PASSE}}</p>{{/ERR_MOT_DE_PASSE}}
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="new-password" maxlength="200" required{{#ERR_MOT_DE_PASSE}} aria-invalid="true" aria-describedby="mdp-err"{{/ERR_MOT_DE_PASSE}}>
</div>
<div class="field">
<label for="confirmation">[[Confirmez le mot de passe]]</label>
{{#ERR_CONFIRMATION}}<p class="error" id="conf-err">{{E_CONFIRMATION}}</p>{{/ERR_CONFIRMATION}}
<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" maxlength="200" required{{#ERR_CONFIRMATION}} aria-invalid="true" aria-describedby="conf-err"{{/ERR_CONFIRMATION}}>
</div>
<p class="actions"><button type="submit" class="button">[[Enregistrer]]</button></p>
</form>
{{>FOOTER}}
