{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Demande urgente]] {{REF}}</h1>
<p><a href="/agent/urgences">[[Retour aux demandes urgentes]]</a></p>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<div class="card summary">
<dl>
<dt>[[État]]</dt><dd>{{STATUS}}</dd>
<dt>[[Reçue le]]</dt><dd>{{WHEN}}</dd>
<dt>[[Personne]]</dt><dd>{{LAST}} {{FIRST}} ([[née le]] {{BIRTH}})</dd>
<dt>[[Téléphone]]</dt><dd>{{PHONE}}</dd>
<dt>[[Courriel]]</dt><dd>{{EMAIL}}</dd>
<dt>[[Démarche]]</dt><dd>{{PROCEDURE}}</dd>
<dt>[[Lieu demandé]]</dt><dd>{{SITE}} ({{COMMUNE}})</dd>
<dt>[[Motif]]</dt><dd>{{REASON}}</dd>
{{#HAS_DUE}}<dt>[[Échéance]]</dt><dd>{{DUE}}</dd>{{/HAS_DUE}}
{{#HAS_EXPLANATION}}<dt>[[Explication]]</dt><dd>{{EXPLANATION}}</dd>{{/HAS_EXPLANATION}}
</dl>
</div>
{{#GRANTED}}<p>[[Accordée par]] {{BY}} : <a href="/agent/rdv/{{BOOKING_REF}}">[[rendez-vous]] {{BOOKING_REF}}</a></p>{{/GRANTED}}
{{#REFUSED}}<p>[[Refusée par]] {{BY}}. [[Motif :]] {{REFUSAL}}</p>{{/REFUSED}}
{{#WAITING}}
<h2>[[Accorder un créneau d'urgence]]</h2>
<form action="/agent/urgences/{{REF}}" method="get" class="inline">
<label for="jour">[[Jour (JJ/MM/AAAA)]]</label> <input id="jour" name="jour" type="text" inputmode="numeric" maxlength="10" value="{{DAY}}">
<button type="submit" class="button secondary">[[Afficher les horaires]]</button>
</form>
{{#NO_FREE}}<p role="status">[[Aucun créneau d'urgence libre ce jour-là : essayez un autre jour.]]</p>{{/NO_FREE}}
{{#CAN_GRANT}}
<form action="/agent/urgences/{{REF}}/accorder" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset class="radios" id="creneau">
<legend>[[Créneaux d'urgence libres du]] {{DAY_LABEL}}</legend>
{{#FREE}}<p><input type="radio" id="creneau-{{SLOT}}" name="creneau" value="{{SLOT}}"{{#CHECKED}} checked{{/CHECKED}}> <label for="creneau-{{SLOT}}">{{LABEL}}</label></p>
{{/FREE}}
</fieldset>
<p class="actions"><button type="submit" class="button">[[Accorder ce créneau]]</button></p>
</form>
{{/CAN_GRANT}}
<h2>[[Refuser la demande]]</h2>
<form action="/agent/urgences/{{REF}}/refuser" method="post" class="card" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="motif">[[Motif du refus (envoyé à la personne)]]</label>
{{#ERR_MOTIF}}<p class="error" id="motif-err">{{E_MOTIF}}</p>{{/ERR_MOTIF}}
<textarea id="motif" name="motif" rows="3" maxlength="500" required{{#ERR_MOTIF}} aria-invalid="true" aria-describedby="motif-err"{{/ERR_MOTIF}}>{{V_MOTIF}}</textarea></div>
<p class="actions"><button type="submit" class="button secondary">[[Refuser la demande]]</button></p>
</form>
{{/WAITING}}
{{>FOOTER}}
