{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Rendez-vous]] {{REF}}</h1>
{{#JUST_BOOKED}}<div class="notice" role="status"><p>[[Le rendez-vous est enregistré.]] <a href="/agent/rdv/{{REF}}/convocation">[[Imprimer la convocation]]</a></p></div>{{/JUST_BOOKED}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<dl class="card details">
<dt>[[État]]</dt><dd>{{#IS_CONFIRMED}}[[Confirmé]]{{/IS_CONFIRMED}}{{#IS_CANCELLED}}[[Annulé]]{{/IS_CANCELLED}}{{#IS_HELD}}[[En attente du code]]{{/IS_HELD}}{{#IS_EXPIRED}}[[Expiré]]{{/IS_EXPIRED}} — [[présence :]] {{ATTENDANCE}}</dd>
<dt>[[Démarche]]</dt><dd>{{PROCEDURE_NAME}} — {{PARTY_TEXT}} — [[niveau]] {{LEVEL}} — [[canal]] {{CHANNEL}}</dd>
{{#URGENCY}}<dt>[[Urgence]]</dt><dd>{{REASON}} — {{DETAIL}} — [[accordée par]] {{BY}}, {{AT}}</dd>{{/URGENCY}}
<dt>[[Date]]</dt><dd>{{DATE}} [[à]] {{TIME}}</dd>
<dt>[[Lieu]]</dt><dd>{{SITE_NAME}}, {{ADDRESS}}, {{POSTCODE}} {{CITY}}</dd>
<dt>[[Contact]]</dt><dd>{{PHONE}} {{EMAIL}}</dd>
</dl>
{{#PICKUP_OF}}<p>[[Rendez-vous de retrait du titre :]] <a href="/agent/rdv/{{PREF}}">{{PREF}}</a>, {{WHEN}}</p>{{/PICKUP_OF}}
{{#FILING_OF}}<p>[[Retrait du titre déposé au rendez-vous]] <a href="/agent/rdv/{{FREF}}">{{FREF}}</a> ({{WHEN}})</p>{{/FILING_OF}}
{{#PICKUP_DUE}}<div class="notice" role="status"><p>[[Le dépôt est terminé : le rendez-vous de retrait du titre reste à prendre.]] <a class="button" href="/agent/rdv/{{REF}}/retrait">[[Proposer le rendez-vous de retrait]]</a></p></div>{{/PICKUP_DUE}}
{{#PICKUP_SKIPPED}}<p role="status">[[Aucun rendez-vous de retrait n'a été pris.]] <a href="/agent/rdv/{{REF}}/retrait">[[Proposer le rendez-vous de retrait]]</a></p>{{/PICKUP_SKIPPED}}
{{#NOSHOW_HISTORY}}<div class="notice" role="status"><p>[[Absences passées :]]</p><ul>{{#ABSENT}}<li>{{TEXT}}</li>{{/ABSENT}}</ul></div>{{/NOSHOW_HISTORY}}
<h2>[[Personnes]]</h2>
<ul>{{#PERSON}}<li>{{LAST}} {{FIRST}}, [[né(e) le]] {{BIRTH}}{{#PRE}} — [[pré-demande]] {{NUMBER}}{{/PRE}}</li>{{/PERSON}}</ul>
{{#CHECKIN}}
<h2>[[Pointage]]</h2>
<form action="/agent/rdv/{{REF}}/pointage" method="post" class="checkin">
<input type="hidden" name="csrf" value="{{CSRF}}">
<ul class="steps">
<li>[[Arrivée]] : {{#ARRIVED}}<strong>{{AT}}</strong>{{/ARRIVED}}{{#CAN_ARRIVED}}<button type="submit" name="etape" value="arrived" class="button secondary">[[Noter l'arrivée]]</button>{{/CAN_ARRIVED}}</li>
<li>[[Début]] : {{#STARTED}}<strong>{{AT}}</strong>{{/STARTED}}{{#CAN_STARTED}}<button type="submit" name="etape" value="started" class="button secondary">[[Noter le début]]</button>{{/CAN_STARTED}}</li>
{{#STEP}}<li>{{NAME}} : {{#DONE}}<strong>{{AT}}</strong>{{/DONE}}{{#PENDING}}<button type="submit" name="etape" value="step:{{POSITION}}" class="button secondary">[[Noter]] {{NAME}}</button>{{/PENDING}}</li>
{{/STEP}}
<li>[[Fin]] : {{#FINISHED}}<strong>{{AT}}</strong>{{/FINISHED}}{{#CAN_FINISHED}}<button type="submit" name="etape" value="finished" class="button secondary">[[Noter la fin]]</button>{{/CAN_FINISHED}}</li>
</ul>
{{#NOSHOW}}<p><strong>[[Absent au rendez-vous.]]</strong></p>{{/NOSHOW}}
{{#NOSHOW_LETTER}}<p><a class="button secondary" href="/agent/rdv/{{REF}}/absence">[[Imprimer la lettre d'absence]]</a></p>{{/NOSHOW_LETTER}}
{{#CAN_NOSHOW}}<p><button type="submit" name="etape" value="noshow" class="button danger">[[Noter l'absence]]</button></p>{{/CAN_NOSHOW}}
</form>
{{/CHECKIN}}
{{#ANTS}}
<h2>[[Déclarations à l'ANTS]]</h2>
<table>
<thead><tr><th scope="col">[[Numéro]]</th><th scope="col">[[Opération]]</th><th scope="col">[[Rendez-vous déclaré]]</th><th scope="col">[[État]]</th><th scope="col">[[Essais]]</th></tr></thead>
<tbody>
{{#DECL}}<tr><td>{{NUMBER}}{{#RECHECK}} <small>([[non vérifié à la réservation]])</small>{{/RECHECK}}</td><td>{{OP}}</td><td>{{WHEN}}</td><td>{{STATE}}{{#REASON}} — {{TEXT}}{{/REASON}}</td><td>{{ATTEMPTS}}</td></tr>
{{/DECL}}
</tbody>
</table>
{{#CAN_RETRY}}<form action="/agent/rdv/{{REF}}/ants" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit" class="button secondary">[[Renvoyer à l'ANTS]]</button></p>
</form>{{/CAN_RETRY}}
{{/ANTS}}
<p><a class="button" href="/agent/rdv/{{REF}}/convocation">[[Imprimer la convocation]]</a></p>
{{#CAN_CHANGE}}
<h2>[[Modifier]]</h2>
<p><a class="button secondary" href="/agent/rdv/{{REF}}/deplacer">[[Déplacer le rendez-vous]]</a></p>
<form action="/agent/rdv/{{REF}}/annuler" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit" class="button danger">[[Annuler le rendez-vous (la personne est prévenue)]]</button></p>
</form>
{{/CAN_CHANGE}}
{{>FOOTER}}
