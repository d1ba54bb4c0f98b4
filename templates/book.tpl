{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Vos informations]]</h1>
<div class="card summary">
<p><strong>{{PROCEDURE_NAME}}</strong> — {{PARTY_TEXT}}</p>
{{#SLOT_CHOSEN}}<p>{{DATE}} [[à]] {{TIME}}</p>{{/SLOT_CHOSEN}}
{{#SLOT_TAKEN}}<p>[[Horaire choisi, qui n'est plus libre :]] <del>{{DATE}} [[à]] {{TIME}}</del></p>{{/SLOT_TAKEN}}
<p>{{SITE_NAME}}, {{ADDRESS}}, {{POSTCODE}} {{CITY}}</p>
<p class="back"><a href="{{BACK_URL}}">[[Changer d'horaire]]</a></p>
</div>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p>{{#RESUME}}<p><a href="{{URL}}">[[Reprendre cette demande : saisir le code, ou l'annuler]]</a></p>{{/RESUME}}</div>{{/ALERT}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/reserver" method="post" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#SLOT_CHOSEN}}<input type="hidden" name="creneau" value="{{SLOT_ID}}">{{/SLOT_CHOSEN}}
<input type="hidden" name="procedure" value="{{PROCEDURE}}">
<input type="hidden" name="personnes" value="{{PARTY}}">
<p class="hint">[[Tous les champs sont obligatoires sauf mention contraire.]]</p>
{{#OTHER_TIMES}}
<fieldset class="card radios">
<legend>[[Autres horaires libres à ce lieu]]</legend>
{{#OTHER}}<p><input type="radio" id="creneau_{{I}}" name="creneau" value="{{SLOT_ID}}"{{#CHECKED}} checked{{/CHECKED}}> <label for="creneau_{{I}}">{{LABEL}}</label></p>
{{/OTHER}}
</fieldset>
{{/OTHER_TIMES}}
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
{{#NEEDS_PREDEMANDE}}
<div class="field">
<label for="predemande_{{N}}">[[Numéro de pré-demande ANTS (facultatif)]]</label>
<p class="hint" id="predemande_{{N}}-hint">[[10 lettres ou chiffres, reçu après la pré-demande en ligne. Il fait gagner du temps au guichet.]]</p>
{{#ERR_PRE}}<p class="error" id="predemande_{{N}}-err">{{E_PRE}}</p>{{/ERR_PRE}}
<input id="predemande_{{N}}" name="predemande_{{N}}" type="text" autocomplete="off" maxlength="14" value="{{PRE}}" aria-describedby="predemande_{{N}}-hint{{#ERR_PRE}} predemande_{{N}}-err{{/ERR_PRE}}"{{#ERR_PRE}} aria-invalid="true"{{/ERR_PRE}}>
</div>
{{/NEEDS_PREDEMANDE}}
</fieldset>
{{/PERSON}}
<fieldset class="card">
<legend>[[Pour vous joindre]]</legend>
<p class="hint">[[Indiquez au moins un portable ou une adresse électronique : le code de confirmation, la convocation et le rappel y seront envoyés.]]</p>
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
<legend>[[Recevoir le code par]]</legend>
<p><input type="radio" id="canal-sms" name="canal" value="sms"{{#CANAL_SMS}} checked{{/CANAL_SMS}}> <label for="canal-sms">[[SMS]]</label></p>
<p><input type="radio" id="canal-email" name="canal" value="email"{{#CANAL_EMAIL}} checked{{/CANAL_EMAIL}}> <label for="canal-email">[[Courriel]]</label></p>
</fieldset>
<div class="field">
<label for="domicile">[[Votre commune de résidence]]</label>
<p class="hint" id="domicile-hint">[[Nom ou code postal, par exemple Annecy ou 74000]]</p>
{{#ERR_DOMICILE}}<p class="error" id="domicile-err">{{E_DOMICILE}}</p>{{/ERR_DOMICILE}}
<input id="domicile" name="domicile" type="text" autocomplete="address-level2" maxlength="100" value="{{V_DOMICILE}}" required aria-describedby="domicile-hint{{#ERR_DOMICILE}} domicile-err{{/ERR_DOMICILE}}"{{#ERR_DOMICILE}} aria-invalid="true"{{/ERR_DOMICILE}}>
</div>
{{#HOME_CHOICES}}
<fieldset class="radios">
<legend>[[Choisissez votre commune]]</legend>
{{#HOME_CHOICE}}<p><input type="radio" id="domicile_insee_{{I}}" name="domicile_insee" value="{{INSEE}}"> <label for="domicile_insee_{{I}}">{{LABEL}}</label></p>
{{/HOME_CHOICE}}
</fieldset>
{{/HOME_CHOICES}}
</fieldset>
<div class="field check">
{{#ERR_CONSENTEMENT}}<p class="error" id="consentement-err">{{E_CONSENTEMENT}}</p>{{/ERR_CONSENTEMENT}}
<input type="checkbox" id="consentement" name="consentement" value="1" required{{#ERR_CONSENTEMENT}} aria-invalid="true" aria-describedby="consentement-err"{{/ERR_CONSENTEMENT}}>
<label for="consentement">[[J'accepte que ces informations soient utilisées par la mairie pour gérer ce rendez-vous.]] <a href="/donnees-personnelles">[[En savoir plus]]</a></label>
</div>
<p class="actions"><button type="submit" class="button">[[Recevoir mon code de confirmation]]</button></p>
<p class="hint">{{HOLD_TEXT}}</p>
</form>
{{>FOOTER}}
