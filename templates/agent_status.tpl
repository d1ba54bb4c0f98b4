{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[État du service]]</h1>
<p>[[Ce que vous indiquez ici s'affiche sur la page publique]] <a href="/statut">/statut</a> [[et dans un bandeau en haut de chaque page tant que l'état n'est pas normal. Un état manuel l'emporte sur les contrôles automatiques jusqu'à ce que vous remettiez « Automatique ».]]</p>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
{{#OPEN_INCIDENT}}<p class="notice">[[Incident en cours :]] <strong>{{PHASE}}</strong> — {{COMMENT}}</p>{{/OPEN_INCIDENT}}
{{#DECLARE}}
<h2 id="etat">[[Indiquer l'état du service]]</h2>
<form action="/agent/statut" method="post" class="card" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#COMPONENT}}<div class="field">
<label for="d-etat_{{CODE}}">{{NAME}}</label>
<p class="hint">[[Affiché :]] {{NOW}}{{#AUTOMATIC}} ([[constat automatique]] : {{REASON}}){{/AUTOMATIC}} · [[contrôles automatiques :]] {{AUTO_NOW}}</p>
<select id="d-etat_{{CODE}}" name="etat_{{CODE}}">{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/OPTION}}</select>
</div>
{{/COMPONENT}}
<div class="field">
<label for="d-phase">[[Étape de l'incident]]</label>
<select id="d-phase" name="phase">{{#PHASE}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/PHASE}}</select>
</div>
{{#BODY}}<div class="field">
<label for="{{ID}}">{{LABEL}}</label>
{{#ERR}}<p class="error" id="{{ID}}-err">{{MESSAGE}}</p>{{/ERR}}
<textarea id="{{ID}}" name="{{NAME}}" lang="{{LANG}}" rows="2" maxlength="500">{{VALUE}}</textarea>
</div>
{{/BODY}}
<fieldset>
<legend>[[Envoyer l'avis par courriel à]]</legend>
{{#GROUP}}<p><input type="checkbox" id="{{ID}}" name="{{NAME}}" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="{{ID}}">{{LABEL}}</label>
{{#COMMUNE_SELECT}}<label class="visually-hidden" for="{{SELECT_ID}}">[[Commune]]</label><select id="{{SELECT_ID}}" name="commune"><option value="">—</option>{{#COMMUNE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COMMUNE_OPTION}}</select>{{/COMMUNE_SELECT}}</p>
{{/GROUP}}
</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer l'état]]</button></p>
</form>
{{/DECLARE}}
<h2 id="maintenances">[[Maintenances annoncées]]</h2>
<ul>
{{#PLANNED}}<li>[[Du]] {{FROM}} [[au]] {{TO}} — {{COMMENT}}
<form action="/agent/statut/maintenance/{{ID}}/annuler" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[Annuler la maintenance du]] {{FROM}}</button></form></li>
{{/PLANNED}}
</ul>
{{#MAINTENANCE}}
<h2 id="annoncer">[[Annoncer une maintenance]]</h2>
<form action="/agent/statut/maintenance" method="post" class="card" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="m-debut">[[Début : jour]]</label>{{#ERR_DEBUT}}<p class="error" id="m-debut-err">{{MESSAGE}}</p>{{/ERR_DEBUT}}<input id="m-debut" name="debut" type="date" value="{{V_DEBUT}}"></div>
<div class="field"><label for="m-debut_heure">[[Début : heure]]</label>{{#ERR_DEBUT_HEURE}}<p class="error" id="m-debut_heure-err">{{MESSAGE}}</p>{{/ERR_DEBUT_HEURE}}<input id="m-debut_heure" name="debut_heure" type="time" value="{{V_DEBUT_HEURE}}"></div>
<div class="field"><label for="m-fin">[[Fin : jour]]</label>{{#ERR_FIN}}<p class="error" id="m-fin-err">{{MESSAGE}}</p>{{/ERR_FIN}}<input id="m-fin" name="fin" type="date" value="{{V_FIN}}"></div>
<div class="field"><label for="m-fin_heure">[[Fin : heure]]</label>{{#ERR_FIN_HEURE}}<p class="error" id="m-fin_heure-err">{{MESSAGE}}</p>{{/ERR_FIN_HEURE}}<input id="m-fin_heure" name="fin_heure" type="time" value="{{V_FIN_HEURE}}"></div>
<fieldset id="m-composants">
<legend>[[Services concernés]]</legend>
{{#ERR_COMPOSANTS}}<p class="error">{{MESSAGE}}</p>{{/ERR_COMPOSANTS}}
{{#COMPONENT}}<p><input type="checkbox" id="m-composant_{{CODE}}" name="composant_{{CODE}}" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="m-composant_{{CODE}}">{{NAME}}</label></p>
{{/COMPONENT}}
</fieldset>
{{#BODY}}<div class="field">
<label for="{{ID}}">{{LABEL}}</label>
{{#ERR}}<p class="error" id="{{ID}}-err">{{MESSAGE}}</p>{{/ERR}}
<textarea id="{{ID}}" name="{{NAME}}" lang="{{LANG}}" rows="2" maxlength="500">{{VALUE}}</textarea>
</div>
{{/BODY}}
<fieldset>
<legend>[[Envoyer l'annonce par courriel à]]</legend>
{{#GROUP}}<p><input type="checkbox" id="{{ID}}" name="{{NAME}}" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="{{ID}}">{{LABEL}}</label>
{{#COMMUNE_SELECT}}<label class="visually-hidden" for="{{SELECT_ID}}">[[Commune]]</label><select id="{{SELECT_ID}}" name="commune"><option value="">—</option>{{#COMMUNE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COMMUNE_OPTION}}</select>{{/COMMUNE_SELECT}}</p>
{{/GROUP}}
</fieldset>
<p class="actions"><button type="submit" class="button">[[Annoncer la maintenance]]</button></p>
</form>
{{/MAINTENANCE}}
{{>FOOTER}}
