{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Prendre un rendez-vous pour une personne]]</h1>
<div class="card summary">
<p><strong>{{PROCEDURE_NAME}}</strong> — {{PARTY_TEXT}} — [[niveau]] {{LEVEL}}</p>
<p>{{DATE}} [[à]] {{TIME}} — {{SITE_NAME}}, {{CITY}}</p>
</div>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><h2>[[Le formulaire contient des erreurs]]</h2><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/reserver" method="post" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="creneau" value="{{SLOT_ID}}">
<input type="hidden" name="procedure" value="{{PROCEDURE}}">
<input type="hidden" name="personnes" value="{{PARTY}}">
<input type="hidden" name="niveau" value="{{LEVEL}}">
{{#PERSON}}
<fieldset class="card">
<legend>{{LEGEND}}</legend>
<div class="field"><label for="nom_{{N}}">[[Nom de famille]]</label>
{{#ERR_LAST}}<p class="error" id="nom_{{N}}-err">{{E_LAST}}</p>{{/ERR_LAST}}
<input id="nom_{{N}}" name="nom_{{N}}" type="text" maxlength="100" value="{{LAST}}" required{{#ERR_LAST}} aria-invalid="true" aria-describedby="nom_{{N}}-err"{{/ERR_LAST}}></div>
<div class="field"><label for="prenoms_{{N}}">[[Prénoms]]</label>
{{#ERR_FIRST}}<p class="error" id="prenoms_{{N}}-err">{{E_FIRST}}</p>{{/ERR_FIRST}}
<input id="prenoms_{{N}}" name="prenoms_{{N}}" type="text" maxlength="150" value="{{FIRST}}" required{{#ERR_FIRST}} aria-invalid="true" aria-describedby="prenoms_{{N}}-err"{{/ERR_FIRST}}></div>
<div class="field"><label for="naissance_{{N}}">[[Date de naissance (JJ/MM/AAAA)]]</label>
{{#ERR_BIRTH}}<p class="error" id="naissance_{{N}}-err">{{E_BIRTH}}</p>{{/ERR_BIRTH}}
<input id="naissance_{{N}}" name="naissance_{{N}}" type="text" inputmode="numeric" maxlength="10" value="{{BIRTH}}" required{{#ERR_BIRTH}} aria-invalid="true" aria-describedby="naissance_{{N}}-err"{{/ERR_BIRTH}}></div>
{{#NEEDS_PREDEMANDE}}<div class="field"><label for="predemande_{{N}}">[[Numéro de pré-demande ANTS (facultatif)]]</label>
{{#ERR_PRE}}<p class="error" id="predemande_{{N}}-err">{{E_PRE}}</p>{{/ERR_PRE}}
<input id="predemande_{{N}}" name="predemande_{{N}}" type="text" maxlength="14" value="{{PRE}}"{{#ERR_PRE}} aria-invalid="true" aria-describedby="predemande_{{N}}-err"{{/ERR_PRE}}></div>{{/NEEDS_PREDEMANDE}}
</fieldset>
{{/PERSON}}
{{#URGENCY}}
<fieldset class="card">
<legend>[[Motif de l'urgence (obligatoire)]]</legend>
<div class="field"><label for="motif_urgence">[[Motif]]</label>
{{#ERR_MOTIF_URGENCE}}<p class="error" id="motif_urgence-err">{{E_MOTIF_URGENCE}}</p>{{/ERR_MOTIF_URGENCE}}
<select id="motif_urgence" name="motif_urgence" required{{#ERR_MOTIF_URGENCE}} aria-invalid="true" aria-describedby="motif_urgence-err"{{/ERR_MOTIF_URGENCE}}><option value="">[[Choisissez le motif]]</option>{{#REASON}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/REASON}}</select></div>
<div class="field"><label for="detail_urgence">[[Précision (par exemple : titre expirant dans 10 jours, voyage le 12/01)]]</label>
{{#ERR_DETAIL_URGENCE}}<p class="error" id="detail_urgence-err">{{E_DETAIL_URGENCE}}</p>{{/ERR_DETAIL_URGENCE}}
<input id="detail_urgence" name="detail_urgence" type="text" maxlength="300" value="{{V_DETAIL_URGENCE}}"{{#ERR_DETAIL_URGENCE}} aria-invalid="true" aria-describedby="detail_urgence-err"{{/ERR_DETAIL_URGENCE}}></div>
</fieldset>
{{/URGENCY}}
<fieldset class="card">
<legend>[[Contact (facultatif) et origine]]</legend>
<div class="field"><label for="telephone">[[Téléphone portable]]</label>
{{#ERR_TELEPHONE}}<p class="error" id="telephone-err">{{E_TELEPHONE}}</p>{{/ERR_TELEPHONE}}
<input id="telephone" name="telephone" type="tel" maxlength="25" value="{{V_TELEPHONE}}"{{#ERR_TELEPHONE}} aria-invalid="true" aria-describedby="telephone-err"{{/ERR_TELEPHONE}}></div>
<div class="field"><label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" maxlength="254" value="{{V_EMAIL}}"{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}></div>
<div class="field"><label for="domicile">[[Commune de résidence]]</label>
{{#ERR_DOMICILE}}<p class="error" id="domicile-err">{{E_DOMICILE}}</p>{{/ERR_DOMICILE}}
<input id="domicile" name="domicile" type="text" maxlength="100" value="{{V_DOMICILE}}"{{#ERR_DOMICILE}} aria-invalid="true" aria-describedby="domicile-err"{{/ERR_DOMICILE}}></div>
{{#PARTNER}}<p>[[Canal : mairie partenaire.]]</p>{{/PARTNER}}
{{#CHANNELS}}<fieldset class="radios"><legend>[[La personne a contacté la mairie]]</legend>
<p><input type="radio" id="canal-phone" name="canal" value="phone"{{#CHANNEL_PHONE}} checked{{/CHANNEL_PHONE}}> <label for="canal-phone">[[par téléphone]]</label></p>
<p><input type="radio" id="canal-counter" name="canal" value="counter"{{#CHANNEL_COUNTER}} checked{{/CHANNEL_COUNTER}}> <label for="canal-counter">[[au guichet]]</label></p>
</fieldset>{{/CHANNELS}}
</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer le rendez-vous]]</button></p>
</form>
{{>FOOTER}}
