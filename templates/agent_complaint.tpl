{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Réclamation]] {{REF}}</h1>
{{#NOTICE}}<div class="notice" role="status"><p>{{MESSAGE}}</p></div>{{/NOTICE}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
{{#OVERDUE}}<p class="alert" role="alert"><strong>[[Le délai de réponse est dépassé.]]</strong></p>{{/OVERDUE}}
<dl class="card details">
<dt>[[Commune]]</dt><dd>{{COMMUNE_NAME}}</dd>
<dt>[[Reçue le]]</dt><dd>{{RECEIVED}} ({{CHANNEL}})</dd>
<dt>[[Statut]]</dt><dd><strong>{{STATUS}}</strong>{{#ANSWERED}} — [[répondue le]] {{ANSWERED_AT}}{{/ANSWERED}}</dd>
<dt>[[Réponse au plus tard le]]</dt><dd>{{DEADLINE}}</dd>
<dt>[[Sujet]]</dt><dd>{{SUBJECT}}</dd>
<dt>[[Responsable]]</dt><dd>{{OWNER}}</dd>
{{#BOOKING}}<dt>[[Rendez-vous]]</dt><dd><a href="/agent/rdv/{{BOOKING_REF}}">{{BOOKING_REF}}</a></dd>{{/BOOKING}}
<dt>[[Personne]]</dt><dd>{{NAME}}{{#HAS_EMAIL}}<br>{{EMAIL}}{{/HAS_EMAIL}}{{#HAS_PHONE}}<br>{{PHONE}}{{/HAS_PHONE}}{{#HAS_ADDRESS}}<br><span class="pre">{{ADDRESS:pre_escape}}</span>{{/HAS_ADDRESS}}</dd>
</dl>
<h2>[[Texte de la réclamation]]</h2>
<blockquote class="card pre">{{BODY:pre_escape}}</blockquote>
<p class="actions"><a class="button secondary" href="/agent/reclamations/{{REF}}/accuse">[[Imprimer l'accusé de réception]]</a>{{#HAS_REPLY}} <a class="button secondary" href="/agent/reclamations/{{REF}}/lettre">[[Imprimer la réponse]]</a>{{/HAS_REPLY}}</p>

<h2>[[Responsable et sujet]]</h2>
<form action="/agent/reclamations/{{REF}}/attribuer" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="responsable">[[Responsable]]</label>
{{#ERR_RESPONSABLE}}<p class="error" id="responsable-err">{{E_RESPONSABLE}}</p>{{/ERR_RESPONSABLE}}
<select id="responsable" name="responsable"{{#ERR_RESPONSABLE}} aria-invalid="true" aria-describedby="responsable-err"{{/ERR_RESPONSABLE}}><option value="">[[personne]]</option>
{{#OWNER_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/OWNER_OPT}}</select></div>
<div class="field"><label for="sujet">[[Sujet]]</label>
{{#ERR_SUJET}}<p class="error" id="sujet-err">{{E_SUJET}}</p>{{/ERR_SUJET}}
<select id="sujet" name="sujet"{{#ERR_SUJET}} aria-invalid="true" aria-describedby="sujet-err"{{/ERR_SUJET}}><option value="">[[non classée]]</option>
{{#SUBJECT_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SUBJECT_OPT}}</select></div>
<p class="actions"><button type="submit" class="button secondary">[[Enregistrer]]</button></p>
</form>

<h2>[[Statut]]</h2>
<form action="/agent/reclamations/{{REF}}/statut" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="statut">[[Nouveau statut]]</label>
{{#ERR_STATUT}}<p class="error" id="statut-err">{{E_STATUT}}</p>{{/ERR_STATUT}}
<select id="statut" name="statut"{{#ERR_STATUT}} aria-invalid="true" aria-describedby="statut-err"{{/ERR_STATUT}}>
{{#STATUS_OPT}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/STATUS_OPT}}</select></div>
<div class="field"><label for="motif">[[Motif (facultatif)]]</label>
{{#ERR_MOTIF}}<p class="error" id="motif-err">{{E_MOTIF}}</p>{{/ERR_MOTIF}}
<input id="motif" name="motif" type="text" maxlength="1000" value="{{V_MOTIF}}"></div>
<p class="actions"><button type="submit" class="button secondary">[[Changer le statut]]</button></p>
</form>

{{#CAN_REPLY}}
<h2>[[Répondre]]</h2>
<form action="/agent/reclamations/{{REF}}/reponse" method="post" class="card" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="reponse">[[Texte de la réponse]]</label>
{{#ERR_REPONSE}}<p class="error" id="reponse-err">{{E_REPONSE}}</p>{{/ERR_REPONSE}}
<textarea id="reponse" name="reponse" rows="10" maxlength="8000"{{#ERR_REPONSE}} aria-invalid="true" aria-describedby="reponse-err"{{/ERR_REPONSE}}>{{V_REPONSE:pre_escape}}</textarea></div>
<fieldset class="radios" id="mode"{{#ERR_MODE}} aria-describedby="mode-err"{{/ERR_MODE}}>
<legend>[[Envoyer la réponse]]</legend>
{{#ERR_MODE}}<p class="error" id="mode-err">{{E_MODE}}</p>{{/ERR_MODE}}
{{#REPLY_EMAIL_OK}}<p><input type="radio" id="mode-email" name="mode" value="email"{{#MODE_EMAIL}} checked{{/MODE_EMAIL}}> <label for="mode-email">[[par courriel]]</label></p>{{/REPLY_EMAIL_OK}}
{{#REPLY_EMAIL_NO}}<p class="hint">[[Pas d'adresse électronique : la réponse s'imprime et part par courrier.]]</p>{{/REPLY_EMAIL_NO}}
<p><input type="radio" id="mode-courrier" name="mode" value="courrier"{{#MODE_LETTER}} checked{{/MODE_LETTER}}> <label for="mode-courrier">[[par courrier (lettre imprimée)]]</label></p>
</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer et envoyer la réponse]]</button></p>
</form>
{{/CAN_REPLY}}

<h2>[[Note interne]]</h2>
<form action="/agent/reclamations/{{REF}}/note" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="note">[[Note (visible du personnel seulement)]]</label>
{{#ERR_NOTE}}<p class="error" id="note-err">{{E_NOTE}}</p>{{/ERR_NOTE}}
<textarea id="note" name="note" rows="3" maxlength="4000"{{#ERR_NOTE}} aria-invalid="true" aria-describedby="note-err"{{/ERR_NOTE}}>{{V_NOTE:pre_escape}}</textarea></div>
<p class="actions"><button type="submit" class="button secondary">[[Ajouter la note]]</button></p>
</form>

<h2>[[Historique]]</h2>
<table>
<caption>[[Historique de la réclamation]]</caption>
<thead><tr><th scope="col">[[Quand]]</th><th scope="col">[[Qui]]</th><th scope="col">[[Quoi]]</th></tr></thead>
<tbody>
{{#EVENT}}<tr><td>{{AT}}</td><td>{{WHO}}</td><td>{{WHAT}}{{#TEXT}}<br><span class="pre">{{TEXT:pre_escape}}</span>{{/TEXT}}</td></tr>
{{/EVENT}}
</tbody>
</table>
<p><a href="/agent/reclamations">[[Retour au registre]]</a></p>
{{>FOOTER}}
