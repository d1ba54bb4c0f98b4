{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[S'inscrire sur la liste d'attente]]</h1>
<div class="card summary">
<p><strong>{{PROCEDURE_NAME}}</strong> — {{PARTY_TEXT}}</p>
<p>[[Quand une place se libère (annulation, nouveaux horaires), elle est proposée aux personnes inscrites, dans l'ordre des inscriptions : vous recevez un message avec un lien, et l'horaire vous est gardé un court moment pour le confirmer.]]</p>
<p class="hint">[[Au plus 3 propositions, une par jour au plus, jamais la nuit. Vous pouvez quitter la liste depuis chaque message.]]</p>
</div>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/liste" method="post" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="procedure" value="{{PROCEDURE}}">
<input type="hidden" name="personnes" value="{{PARTY}}">
{{#ORIGIN_SITE}}<input type="hidden" name="site" value="{{SITE}}">{{/ORIGIN_SITE}}
{{#ORIGIN_INSEE}}<input type="hidden" name="insee" value="{{INSEE}}">{{/ORIGIN_INSEE}}
{{#ORIGIN_POINT}}<input type="hidden" name="lat" value="{{LAT}}"><input type="hidden" name="lon" value="{{LON}}">{{/ORIGIN_POINT}}
<p class="hint">[[Tous les champs sont obligatoires sauf mention contraire.]]</p>
<fieldset class="card" id="sites"{{#ERR_SITES}} aria-describedby="sites-err"{{/ERR_SITES}}>
<legend>[[Où]]</legend>
{{#ERR_SITES}}<p class="error" id="sites-err">{{E_SITES}}</p>{{/ERR_SITES}}
{{#CAN_RADIUS}}
<p><input type="radio" id="mode-rayon" name="mode" value="rayon"{{#MODE_RAYON}} checked{{/MODE_RAYON}}> <label for="mode-rayon">[[Tous les lieux à moins de]]</label>
<label for="rayon" class="visually-hidden">[[Distance]]</label>
<select id="rayon" name="rayon"{{#ERR_RAYON}} aria-invalid="true" aria-describedby="rayon-err"{{/ERR_RAYON}}>{{#RADIUS}}<option value="{{KM}}"{{#SELECTED}} selected{{/SELECTED}}>{{KM}} km</option>{{/RADIUS}}</select></p>
{{#ERR_RAYON}}<p class="error" id="rayon-err">{{E_RAYON}}</p>{{/ERR_RAYON}}
<p><input type="radio" id="mode-lieux" name="mode" value="lieux"{{#MODE_LIEUX}} checked{{/MODE_LIEUX}}> <label for="mode-lieux">[[Seulement les lieux cochés ci-dessous]]</label></p>
{{/CAN_RADIUS}}
{{#NO_RADIUS}}<input type="hidden" name="mode" value="lieux">{{/NO_RADIUS}}
{{#SITE}}<p class="check"><input type="checkbox" id="site_{{ID}}" name="site_{{ID}}" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="site_{{ID}}">{{NAME}}, {{CITY}}{{#HAS_DISTANCE}} ({{KM}} km){{/HAS_DISTANCE}}</label></p>
{{/SITE}}
</fieldset>
<fieldset class="card">
<legend>[[Quand]]</legend>
<div class="field">
<label for="du">[[À partir du]]</label>
<p class="hint" id="du-hint">[[Format JJ/MM/AAAA]]</p>
{{#ERR_DU}}<p class="error" id="du-err">{{E_DU}}</p>{{/ERR_DU}}
<input id="du" name="du" type="text" inputmode="numeric" maxlength="10" value="{{V_DU}}" required aria-describedby="du-hint{{#ERR_DU}} du-err{{/ERR_DU}}"{{#ERR_DU}} aria-invalid="true"{{/ERR_DU}}>
</div>
<div class="field">
<label for="au">[[Jusqu'au]]</label>
<p class="hint" id="au-hint">[[Format JJ/MM/AAAA]]</p>
{{#ERR_AU}}<p class="error" id="au-err">{{E_AU}}</p>{{/ERR_AU}}
<input id="au" name="au" type="text" inputmode="numeric" maxlength="10" value="{{V_AU}}" required aria-describedby="au-hint{{#ERR_AU}} au-err{{/ERR_AU}}"{{#ERR_AU}} aria-invalid="true"{{/ERR_AU}}>
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
<p class="hint">[[Indiquez au moins un portable ou une adresse électronique : le code de confirmation et les propositions y seront envoyés.]]</p>
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
</fieldset>
<div class="field check">
{{#ERR_CONSENTEMENT}}<p class="error" id="consentement-err">{{E_CONSENTEMENT}}</p>{{/ERR_CONSENTEMENT}}
<input type="checkbox" id="consentement" name="consentement" value="1" required{{#ERR_CONSENTEMENT}} aria-invalid="true" aria-describedby="consentement-err"{{/ERR_CONSENTEMENT}}>
<label for="consentement">[[J'accepte que ces informations soient utilisées par les mairies pour me proposer un rendez-vous.]] <a href="/donnees-personnelles">[[En savoir plus]]</a></label>
</div>
<p class="actions"><button type="submit" class="button">[[Recevoir mon code de confirmation]]</button></p>
</form>
{{>FOOTER}}
