{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Confirmer l'indisponibilité]]</h1>
<p>{{KIND}} — {{FROM}} → {{TO}} — {{V_MOTIF}}</p>
{{#NOBODY}}<p>[[Aucun rendez-vous n'est concerné.]]</p>{{/NOBODY}}
<p>[[Rendez-vous qui seront annulés :]] <strong>{{COUNT}}</strong></p>
<ul>{{#AFFECTED}}<li>{{REF}} — {{WHEN}} — {{DEVICE}} — {{PERSONS}}{{#NO_CONTACT}} — <strong>[[sans contact : à prévenir par la mairie]]</strong>{{/NO_CONTACT}}</li>{{/AFFECTED}}</ul>
<p>[[Chaque personne reçoit un message avec un lien pour reprendre un rendez-vous en une étape.]]</p>
{{#CAN_APPLY}}<form action="/agent/fermetures/confirmer" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="appareil" value="{{H_appareil}}">
<input type="hidden" name="type" value="{{H_type}}">
<input type="hidden" name="du" value="{{H_du}}">
<input type="hidden" name="de" value="{{H_de}}">
<input type="hidden" name="au" value="{{H_au}}">
<input type="hidden" name="a" value="{{H_a}}">
<input type="hidden" name="motif" value="{{H_motif}}">
<p class="actions"><button type="submit" class="button danger">[[Confirmer et prévenir les personnes]]</button> <a href="/agent/fermetures">[[Annuler]]</a></p>
</form>{{/CAN_APPLY}}
{{#ASK_ADMIN}}<p class="alert" role="alert">[[Cette indisponibilité annule des rendez-vous : seul un administrateur de la commune peut l'appliquer.]]</p>
<form action="/agent/fermetures/demander" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="appareil" value="{{H_appareil}}">
<input type="hidden" name="type" value="{{H_type}}">
<input type="hidden" name="du" value="{{H_du}}">
<input type="hidden" name="de" value="{{H_de}}">
<input type="hidden" name="au" value="{{H_au}}">
<input type="hidden" name="a" value="{{H_a}}">
<input type="hidden" name="motif" value="{{H_motif}}">
<p class="actions"><button type="submit" class="button">[[Demander à un administrateur de l'appliquer]]</button> <a href="/agent/fermetures">[[Annuler]]</a></p>
</form>{{/ASK_ADMIN}}
{{>FOOTER}}
