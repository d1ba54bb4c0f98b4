{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Demander un rendez-vous urgent]]</h1>
<div class="card summary">
<p>[[Votre titre expire bientôt, vous devez voyager à une date proche (avec un justificatif), votre titre a été perdu ou volé, ou votre santé l'exige, et aucun horaire ne vous convient assez tôt ? Demandez un rendez-vous urgent : la mairie étudie votre demande et vous propose un horaire réservé aux urgences, ou vous explique pourquoi elle ne peut pas.]]</p>
<p class="hint">[[Vous recevez un code de confirmation, puis la réponse de la mairie par le même moyen (SMS ou courriel). Apportez le justificatif de l'urgence au rendez-vous.]]</p>
</div>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/urgence" method="post" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset class="card">
<legend>[[Votre démarche]]</legend>
<div class="field">
<label for="procedure">[[Démarche]]</label>
{{#ERR_PROCEDURE}}<p class="error" id="procedure-err">{{E_PROCEDURE}}</p>{{/ERR_PROCEDURE}}
<select id="procedure" name="procedure" required{{#ERR_PROCEDURE}} aria-invalid="true" aria-describedby="procedure-err"{{/ERR_PROCEDURE}}>{{#PROCEDURE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PROCEDURE_OPTION}}</select>
</div>
<div class="field">
<label for="site">[[Lieu de rendez-vous]]</label>
{{#ERR_SITE}}<p class="error" id="site-err">{{E_SITE}}</p>{{/ERR_SITE}}
<select id="site" name="site" required{{#ERR_SITE}} aria-invalid="true" aria-describedby="site-err"{{/ERR_SITE}}><option value="">[[Choisissez un lieu]]</option>{{#COMMUNE_GROUP}}<optgroup label="{{COMMUNE}}">{{#SITE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/SITE_OPTION}}</optgroup>{{/COMMUNE_GROUP}}</select>
</div>
</fieldset>
<fieldset class="card" id="motif">
<legend>[[Motif de l'urgence]]</legend>
{{#ERR_MOTIF}}<p class="error" id="motif-err">{{E_MOTIF}}</p>{{/ERR_MOTIF}}
{{#REASON}}<p><input type="radio" id="motif-{{CODE}}" name="motif" value="{{CODE}}"{{#CHECKED}} checked{{/CHECKED}}> <label for="motif-{{CODE}}">{{LABEL}}</label></p>
{{/REASON}}
<div class="field">
<label for="echeance">[[Date d'expiration du titre, ou date du voyage]]</label>
<p class="hint" id="echeance-hint">[[Format JJ/MM/AAAA. Obligatoire pour un titre qui expire ou un voyage.]]</p>
{{#ERR_ECHEANCE}}<p class="error" id="echeance-err">{{E_ECHEANCE}}</p>{{/ERR_ECHEANCE}}
<input id="echeance" name="echeance" type="text" inputmode="numeric" maxlength="10" value="{{V_ECHEANCE}}" aria-describedby="echeance-hint{{#ERR_ECHEANCE}} echeance-err{{/ERR_ECHEANCE}}"{{#ERR_ECHEANCE}} aria-invalid="true"{{/ERR_ECHEANCE}}>
</div>
<div class="field">
<label for="explication">[[Explication (facultatif)]]</label>
{{#ERR_EXPLICATION}}<p class="error" id="explication-err">{{E_EXPLICATION}}</p>{{/ERR_EXPLICATION}}
<textarea id="explication" name="explication" rows="4" maxlength="1000"{{#ERR_EXPLICATION}} aria-invalid="true" aria-describedby="explication-err"{{/ERR_EXPLICATION}}>{{V_EXPLICATION}}</textarea>
</div>
</fieldset>
{{#PERSON}}
<fieldset class="card">
<legend>{{LEGEND}}</legend>
<div class="field">
<label for="nom_{{N}}">[[Nom de famille]]</label>
{{#ERR_LAST}}<p class="error" id="nom_{{N}}-err">{{E_LAST}}</p>{{/ERR_LAST}}
<input id="nom_{{N}}" name="nom_{{N}}" type="text" autocomplete="family-name" maxlength="100" value="{{LAST}}" required{{#ERR_LAST}} aria-invalid="true" aria-describedby="nom_{{N}}-err"{{/ERR_LAST}}>
</div>
<div class="field">
<label for="prenoms_{{N}}">[[Prénoms]]</label>
{{#ERR_FIRST}}<p class="error" id="prenoms_{{N}}-err">{{E_FIRST}}</p>{{/ERR_FIRST}}
<input id="prenoms_{{N}}" name="prenoms_{{N}}" type="text" autocomplete="given-name" maxlength="150" value="{{FIRST}}" required{{#ERR_FIRST}} aria-invalid="true" aria-describedby="prenoms_{{N}}-err"{{/ERR_FIRST}}>
</div>
<div class="field">
<label for="naissance_{{N}}">[[Date de naissance]]</label>
<p class="hint" id="naissance_{{N}}-hint">[[Format JJ/MM/AAAA, par exemple 14/07/1985]]</p>
{{#ERR_BIRTH}}<p class="error" id="naissance_{{N}}-err">{{E_BIRTH}}</p>{{/ERR_BIRTH}}
<input id="naissance_{{N}}" name="naissance_{{N}}" type="text" inputmode="numeric" autocomplete="bday" maxlength="10" value="{{BIRTH}}" required aria-describedby="naissance_{{N}}-hint{{#ERR_BIRTH}} naissance_{{N}}-err{{/ERR_BIRTH}}"{{#ERR_BIRTH}} aria-invalid="true"{{/ERR_BIRTH}}>
</div>
</fieldset>
{{/PERSON}}
<fieldset class="card">
<legend>[[Pour vous joindre]]</legend>
<p class="hint">[[Indiquez au moins un portable ou une adresse électronique : le code de confirmation et la réponse de la mairie y seront envoyés.]]</p>
<div class="field">
<label for="telephone">[[Téléphone portable]]</label>
{{#ERR_TELEPHONE}}<p class="error" id="telephone-err">{{E_TELEPHONE}}</p>{{/ERR_TELEPHONE}}
<input id="telephone" name="telephone" type="tel" autocomplete="tel" maxlength="25" value="{{V_TELEPHONE}}"{{#ERR_TELEPHONE}} aria-invalid="true" aria-describedby="telephone-err"{{/ERR_TELEPHONE}}>
</div>
<div class="field">
<label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="{{V_EMAIL}}"{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}>
</div>
<fieldset class="radios">
<legend>[[Recevoir le code et la réponse par]]</legend>
<p><input type="radio" id="canal-sms" name="canal" value="sms"{{#CANAL_SMS}} checked{{/CANAL_SMS}}> <label for="canal-sms">[[SMS]]</label></p>
<p><input type="radio" id="canal-email" name="canal" value="email"{{#CANAL_EMAIL}} checked{{/CANAL_EMAIL}}> <label for="canal-email">[[Courriel]]</label></p>
</fieldset>
</fieldset>
<div class="field check">
{{#ERR_CONSENTEMENT}}<p class="error" id="consentement-err">{{E_CONSENTEMENT}}</p>{{/ERR_CONSENTEMENT}}
<input type="checkbox" id="consentement" name="consentement" value="1" required{{#ERR_CONSENTEMENT}} aria-invalid="true" aria-describedby="consentement-err"{{/ERR_CONSENTEMENT}}>
<label for="consentement">[[J'accepte que ces informations soient utilisées par la mairie pour étudier ma demande.]] <a href="/donnees-personnelles">[[En savoir plus]]</a></label>
</div>
<p class="actions"><button type="submit" class="button">[[Recevoir mon code de confirmation]]</button></p>
</form>
{{>FOOTER}}
