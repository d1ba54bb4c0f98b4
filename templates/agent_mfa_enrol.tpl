{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Activer la double authentification]]</h1>
{{#REQUIRED}}<p class="notice" role="status">[[Votre rôle demande un second facteur : activez-le pour accéder à l'espace du personnel.]]</p>{{/REQUIRED}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<ol>
<li>[[Installez sur votre téléphone une application d'authentification (par exemple FreeOTP, Aegis ou celle de votre administration).]]</li>
<li>[[Dans l'application, ajoutez un compte en lisant ce code QR :]]
<p><img src="/agent/securite/qr.svg" width="240" height="240" alt="[[Code QR de la clé de double authentification]]"></p>
<p>[[Ou saisissez la clé à la main (type : basé sur le temps, 6 chiffres, 30 secondes) :]]</p>
<p class="key"><code id="cle">{{SECRET}}</code></p>
<p>[[Compte :]] {{ACCOUNT}}</p></li>
<li>[[Saisissez le code à 6 chiffres que l'application affiche maintenant.]]</li>
</ol>
<form action="/agent/securite/activer" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="suite" value="{{NEXT}}">
<div class="field">
<label for="code">[[Code à 6 chiffres]]</label>
{{#ERR_CODE}}<p class="error" id="code-err">{{E_CODE}}</p>{{/ERR_CODE}}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="20" value="{{V_CODE}}" required{{#ERR_CODE}} aria-invalid="true" aria-describedby="code-err"{{/ERR_CODE}}>
</div>
<p class="actions"><button type="submit" class="button">[[Activer]]</button></p>
</form>
{{>FOOTER}}
