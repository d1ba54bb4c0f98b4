{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Ticket]] {{REF}} — {{SUBJECT}}</h1>
{{#NOTICE}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/NOTICE}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<p><a href="/agent/assistance">[[Retour aux tickets]]</a></p>
<dl class="card">
<dt>[[État]]</dt><dd id="etat-ticket">{{STATE}}</dd>
<dt>[[Issue à l'ouverture]]</dt><dd>{{OUTCOME}}</dd>
<dt>[[Sujet]]</dt><dd>{{TOPIC}}</dd>
<dt>[[Canal]]</dt><dd>{{CHANNEL}}</dd>
<dt>[[Appelant]]</dt><dd>{{CALLER_TYPE}} — {{CALLER_NAME}} — {{CALLER_EMAIL}}</dd>
<dt>[[Commune]]</dt><dd>{{COMMUNE}}</dd>
<dt>[[Référence du rendez-vous]]</dt><dd>{{BOOKING_REF}}</dd>
<dt>[[Suivi par]]</dt><dd>{{OWNER}} · [[groupe]] {{GROUP}}</dd>
<dt>[[Ouvert le]]</dt><dd>{{CREATED}} [[par]] {{OPENER}}</dd>
<dt>[[Délais (heures d'ouverture)]]</dt><dd>[[écoulé]] {{ELAPSED}}{{#CLOCK_PAUSED}} — <strong>[[horloge en pause : en attente de l'appelant]]</strong>{{/CLOCK_PAUSED}} · [[première réponse]] {{FIRST_ANSWER}}{{#FIRST_OVERDUE}} <strong class="overdue">[[en retard]]</strong>{{/FIRST_OVERDUE}} · [[résolution]] {{RESOLUTION}}{{#RESOLUTION_OVERDUE}} <strong class="overdue">[[en retard]]</strong>{{/RESOLUTION_OVERDUE}} · [[pauses]] {{PAUSED}}</dd>
</dl>
<h2>[[La question]]</h2>
<p>{{BODY}}</p>
<h2>[[Historique]]</h2>
<ol class="history">
{{#EVENT}}<li><p><strong>{{WHAT}}</strong> — {{WHO}}, {{AT}}</p>{{#BODY}}<p>{{TEXT}}</p>{{/BODY}}</li>
{{/EVENT}}
</ol>
{{#WORK}}
<h2>[[Ajouter une note]]</h2>
<form action="/agent/assistance/{{ID}}/note" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="texte">[[Texte]]</label>{{#ERR_TEXTE}}<p class="error">{{E_TEXTE}}</p>{{/ERR_TEXTE}}<textarea id="texte" name="texte" rows="5">{{V_TEXTE}}</textarea></div>
{{#CAN_SEND}}<div class="field"><input id="envoyer" name="envoyer" type="checkbox" value="1"> <label for="envoyer">[[Envoyer à l'appelant par courriel (sinon : note interne)]]</label></div>{{/CAN_SEND}}
<p class="actions"><button type="submit" class="button">[[Enregistrer la note]]</button></p>
</form>
<h2>[[Changer l'état]]</h2>
<form action="/agent/assistance/{{ID}}/etat" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="actions">{{#STATE_BUTTON}}<button type="submit" name="etat" value="{{CODE}}" class="button">{{NAME}}</button> {{/STATE_BUTTON}}</p>
</form>
{{/WORK}}
{{#REPLY}}
<h2>[[Répondre au centre d'assistance]]</h2>
<form action="/agent/assistance/{{ID}}/note" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="texte">[[Votre message]]</label>{{#ERR_TEXTE}}<p class="error">{{E_TEXTE}}</p>{{/ERR_TEXTE}}<textarea id="texte" name="texte" rows="5">{{V_TEXTE}}</textarea></div>
<p class="actions"><button type="submit" class="button">[[Envoyer]]</button></p>
</form>
{{/REPLY}}
{{#ASSIGN}}
<h2>[[Attribuer ou déléguer]]</h2>
<form action="/agent/assistance/{{ID}}/attribuer" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="proprietaire">[[Opérateur]]</label><select id="proprietaire" name="proprietaire">{{#OWNER_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/OWNER_OPTION}}</select></div>
<p class="actions"><button type="submit" class="button">[[Attribuer]]</button></p>
</form>
<form action="/agent/assistance/{{ID}}/attribuer" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="groupe">[[Groupe de deuxième ligne]]</label><select id="groupe" name="groupe">{{#GROUP_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/GROUP_OPTION}}</select></div>
<p class="actions"><button type="submit" class="button">[[Déléguer]]</button></p>
</form>
{{/ASSIGN}}
{{#CAN_FAQ}}<p><a href="/agent/assistance/{{ID}}/faq">[[Rédiger une entrée de FAQ à partir de ce ticket]]</a></p>{{/CAN_FAQ}}
{{>FOOTER}}
