{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Enregistrer une réclamation]]</h1>
<p>[[Pour une réclamation reçue par courriel, par courrier, ou remplie à l'accueil. Elle reçoit une référence et un délai de réponse ; l'accusé de réception part par courriel (ou SMS), ou s'imprime pour un courrier.]]</p>
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/agent/reclamations/nouvelle" method="post" novalidate class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<fieldset class="radios" id="canal"{{#ERR_CANAL}} aria-describedby="canal-err"{{/ERR_CANAL}}>
<legend>[[Reçue par]]</legend>
{{#ERR_CANAL}}<p class="error" id="canal-err">{{E_CANAL}}</p>{{/ERR_CANAL}}
{{#CHANNEL_OPT}}<p><input type="radio" id="canal-{{VALUE}}" name="canal" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> <label for="canal-{{VALUE}}">{{LABEL}}</label></p>
{{/CHANNEL_OPT}}</fieldset>
<div class="field">
<label for="sujet">[[Sujet (facultatif)]]</label>
{{#ERR_SUJET}}<p class="error" id="sujet-err">{{E_SUJET}}</p>{{/ERR_SUJET}}
<select id="sujet" name="sujet"{{#ERR_SUJET}} aria-invalid="true" aria-describedby="sujet-err"{{/ERR_SUJET}}>
<option value="">[[À classer plus tard]]</option>
{{#SUBJECT_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SUBJECT_OPT}}</select>
</div>
<div class="field">
<label for="reference">[[Référence du rendez-vous concerné (facultatif)]]</label>
{{#ERR_REFERENCE}}<p class="error" id="reference-err">{{E_REFERENCE}}</p>{{/ERR_REFERENCE}}
<input id="reference" name="reference" type="text" maxlength="12" value="{{V_REFERENCE}}"{{#ERR_REFERENCE}} aria-invalid="true" aria-describedby="reference-err"{{/ERR_REFERENCE}}>
</div>
<div class="field">
<label for="nom">[[Nom et prénom de la personne]]</label>
{{#ERR_NOM}}<p class="error" id="nom-err">{{E_NOM}}</p>{{/ERR_NOM}}
<input id="nom" name="nom" type="text" maxlength="150" value="{{V_NOM}}"{{#ERR_NOM}} aria-invalid="true" aria-describedby="nom-err"{{/ERR_NOM}}>
</div>
<div class="field">
<label for="email">[[Adresse électronique (obligatoire pour un courriel)]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" maxlength="254" value="{{V_EMAIL}}"{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}>
</div>
<div class="field">
<label for="telephone">[[Téléphone (facultatif)]]</label>
{{#ERR_TELEPHONE}}<p class="error" id="telephone-err">{{E_TELEPHONE}}</p>{{/ERR_TELEPHONE}}
<input id="telephone" name="telephone" type="tel" maxlength="25" value="{{V_TELEPHONE}}"{{#ERR_TELEPHONE}} aria-invalid="true" aria-describedby="telephone-err"{{/ERR_TELEPHONE}}>
</div>
<div class="field">
<label for="adresse">[[Adresse postale (obligatoire pour un courrier)]]</label>
{{#ERR_ADRESSE}}<p class="error" id="adresse-err">{{E_ADRESSE}}</p>{{/ERR_ADRESSE}}
<textarea id="adresse" name="adresse" rows="3" maxlength="400"{{#ERR_ADRESSE}} aria-invalid="true" aria-describedby="adresse-err"{{/ERR_ADRESSE}}>{{V_ADRESSE:pre_escape}}</textarea>
</div>
<div class="field">
<label for="message">[[Texte de la réclamation]]</label>
{{#ERR_MESSAGE}}<p class="error" id="message-err">{{E_MESSAGE}}</p>{{/ERR_MESSAGE}}
<textarea id="message" name="message" rows="8" maxlength="4000"{{#ERR_MESSAGE}} aria-invalid="true" aria-describedby="message-err"{{/ERR_MESSAGE}}>{{V_MESSAGE:pre_escape}}</textarea>
</div>
<p class="actions"><button type="submit" class="button">[[Enregistrer la réclamation]]</button> <a href="/agent/reclamations">[[Retour au registre]]</a></p>
</form>
{{>FOOTER}}
