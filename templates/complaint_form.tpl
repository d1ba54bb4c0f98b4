{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Faire une réclamation]]</h1>
<div class="card summary">
<p>[[Un accueil, un délai, une réponse ne vous ont pas satisfait ? Écrivez à la mairie : votre réclamation est enregistrée avec une référence, et la mairie vous répond dans le délai qu'elle s'est engagée à tenir.]]</p>
<p class="hint">[[Vous pouvez aussi écrire à la mairie par courriel ou par courrier, ou remplir le formulaire à l'accueil.]]</p>
</div>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/reclamation" method="post" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">[[Tous les champs sont obligatoires sauf mention contraire.]]</p>
<fieldset class="card">
<legend>[[Votre réclamation]]</legend>
<div class="field">
<label for="commune">[[Mairie concernée]]</label>
{{#ERR_COMMUNE}}<p class="error" id="commune-err">{{E_COMMUNE}}</p>{{/ERR_COMMUNE}}
<select id="commune" name="commune"{{#ERR_COMMUNE}} aria-invalid="true" aria-describedby="commune-err"{{/ERR_COMMUNE}}>
<option value="">[[Choisissez]]</option>
{{#COMMUNE}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/COMMUNE}}</select>
</div>
<div class="field">
<label for="reference">[[Référence de votre rendez-vous (facultatif)]]</label>
{{#ERR_REFERENCE}}<p class="error" id="reference-err">{{E_REFERENCE}}</p>{{/ERR_REFERENCE}}
<input id="reference" name="reference" type="text" maxlength="12" autocapitalize="characters" value="{{V_REFERENCE}}"{{#ERR_REFERENCE}} aria-invalid="true" aria-describedby="reference-err"{{/ERR_REFERENCE}}>
</div>
<div class="field">
<label for="message">[[Votre message]]</label>
{{#ERR_MESSAGE}}<p class="error" id="message-err">{{E_MESSAGE}}</p>{{/ERR_MESSAGE}}
<textarea id="message" name="message" rows="8" maxlength="4000"{{#ERR_MESSAGE}} aria-invalid="true" aria-describedby="message-err"{{/ERR_MESSAGE}}>{{V_MESSAGE:pre_escape}}</textarea>
</div>
</fieldset>
<fieldset class="card">
<legend>[[Vos coordonnées]]</legend>
<div class="field">
<label for="nom">[[Nom et prénom]]</label>
{{#ERR_NOM}}<p class="error" id="nom-err">{{E_NOM}}</p>{{/ERR_NOM}}
<input id="nom" name="nom" type="text" autocomplete="name" maxlength="150" value="{{V_NOM}}"{{#ERR_NOM}} aria-invalid="true" aria-describedby="nom-err"{{/ERR_NOM}}>
</div>
<p class="hint">[[Indiquez au moins une adresse électronique ou un portable : le code de confirmation, l'accusé de réception et la réponse y seront envoyés.]]</p>
<div class="field">
<label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="{{V_EMAIL}}"{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}>
</div>
<div class="field">
<label for="telephone">[[Téléphone portable]]</label>
{{#ERR_TELEPHONE}}<p class="error" id="telephone-err">{{E_TELEPHONE}}</p>{{/ERR_TELEPHONE}}
<input id="telephone" name="telephone" type="tel" autocomplete="tel" maxlength="25" value="{{V_TELEPHONE}}"{{#ERR_TELEPHONE}} aria-invalid="true" aria-describedby="telephone-err"{{/ERR_TELEPHONE}}>
</div>
<fieldset class="radios">
<legend>[[Recevoir le code par]]</legend>
<p><input type="radio" id="canal-email" name="canal" value="email"{{#CANAL_EMAIL}} checked{{/CANAL_EMAIL}}> <label for="canal-email">[[Courriel]]</label></p>
<p><input type="radio" id="canal-sms" name="canal" value="sms"{{#CANAL_SMS}} checked{{/CANAL_SMS}}> <label for="canal-sms">[[SMS]]</label></p>
</fieldset>
<div class="field checkbox">
{{#ERR_CONSENTEMENT}}<p class="error" id="consentement-err">{{E_CONSENTEMENT}}</p>{{/ERR_CONSENTEMENT}}
<input type="checkbox" id="consentement" name="consentement" value="1"{{#ERR_CONSENTEMENT}} aria-invalid="true" aria-describedby="consentement-err"{{/ERR_CONSENTEMENT}}>
<label for="consentement">[[J'accepte que ces informations soient utilisées par la mairie pour traiter ma réclamation (conservées 3 ans après sa clôture).]] <a href="/donnees-personnelles">[[En savoir plus]]</a></label>
</div>
</fieldset>
<p class="actions"><button type="submit" class="button">[[Envoyer ma réclamation]]</button></p>
</form>
{{>FOOTER}}
