{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><h2>[[Le formulaire contient des erreurs]]</h2><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
{{#SITE}}
<section class="card">
<h2>{{NAME}}</h2>
<p>{{ADDRESS}}</p>
<ul>{{#DEVICE}}<li><a href="/agent/appareils/{{ID}}">{{NAME}}</a> — {{PROCEDURES}}{{#INACTIVE}} — <strong>[[hors service]]</strong>{{/INACTIVE}} · <a href="/agent/planning/{{ID}}">[[horaires et quotas]]</a></li>{{/DEVICE}}</ul>
<form action="/agent/lieux/{{SITE_ID}}/appareils" method="post" class="inline">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="nom_appareil_{{SITE_ID}}">[[Nouvel appareil ou agenda]]</label>
<input id="nom_appareil_{{SITE_ID}}" name="nom_appareil" type="text" maxlength="120">
<label for="type_{{SITE_ID}}">[[Type]]</label>
<select id="type_{{SITE_ID}}" name="type"><option value="dr">[[Dispositif de recueil (titres)]]</option><option value="planning">[[Autre planning (mariages, scolaire, maire)]]</option></select>
<button type="submit" class="button secondary">[[Ajouter]]</button>
</form>
</section>
{{/SITE}}
<h2>[[Ajouter un lieu]]</h2>
<form action="/agent/lieux" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<div class="field"><label for="nom">[[Nom du lieu]]</label>{{#ERR_NOM}}<p class="error">{{E_NOM}}</p>{{/ERR_NOM}}<input id="nom" name="nom" type="text" maxlength="160" value="{{V_NOM}}"></div>
<div class="field"><label for="adresse">[[Adresse]]</label>{{#ERR_ADRESSE}}<p class="error">{{E_ADRESSE}}</p>{{/ERR_ADRESSE}}<input id="adresse" name="adresse" type="text" maxlength="200" value="{{V_ADRESSE}}"></div>
<div class="field"><label for="code_postal">[[Code postal]]</label>{{#ERR_CODE_POSTAL}}<p class="error">{{E_CODE_POSTAL}}</p>{{/ERR_CODE_POSTAL}}<input id="code_postal" name="code_postal" type="text" inputmode="numeric" maxlength="5" value="{{V_CODE_POSTAL}}"></div>
<div class="field"><label for="ville">[[Ville]]</label>{{#ERR_VILLE}}<p class="error">{{E_VILLE}}</p>{{/ERR_VILLE}}<input id="ville" name="ville" type="text" maxlength="120" value="{{V_VILLE}}"></div>
<div class="field"><label for="lat">[[Latitude (degrés décimaux)]]</label>{{#ERR_LAT}}<p class="error">{{E_LAT}}</p>{{/ERR_LAT}}<input id="lat" name="lat" type="text" maxlength="20" value="{{V_LAT}}"></div>
<div class="field"><label for="lon">[[Longitude (degrés décimaux)]]</label>{{#ERR_LON}}<p class="error">{{E_LON}}</p>{{/ERR_LON}}<input id="lon" name="lon" type="text" maxlength="20" value="{{V_LON}}"></div>
<div class="field"><label for="acces">[[Accès (facultatif)]]</label><input id="acces" name="acces" type="text" maxlength="500" value="{{V_ACCES}}"></div>
<p class="actions"><button type="submit" class="button">[[Ajouter le lieu]]</button></p>
</form>
{{>FOOTER}}
