{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Fermetures, pannes et absences]]</h1>
{{#SAVED}}<p class="notice" role="status">[[Indisponibilité enregistrée : les personnes concernées ont été prévenues et invitées à reprendre un rendez-vous.]]</p>{{/SAVED}}
{{#ASKED}}<p class="notice" role="status">[[Demande envoyée aux administrateurs de la commune : rien n'est changé tant qu'ils ne l'ont pas appliquée.]]</p>{{/ASKED}}
{{#AGENT_NOTE}}<p class="hint">[[Vous pouvez déclarer une indisponibilité qui n'annule aucun rendez-vous. Si elle en annule, un administrateur de la commune l'applique : l'aperçu vous propose de la lui demander.]]</p>{{/AGENT_NOTE}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><h2>[[Le formulaire contient des erreurs]]</h2><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/fermetures" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="appareil">[[Appareil, lieu ou commune]]</label>
{{#ERR_APPAREIL}}<p class="error">{{E_APPAREIL}}</p>{{/ERR_APPAREIL}}
<select id="appareil" name="appareil">{{#DEVICE}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/DEVICE}}</select></div>
<fieldset class="radios"><legend>[[Type]]</legend>
<p><input type="radio" id="type-closure" name="type" value="closure"{{#KIND_CLOSURE}} checked{{/KIND_CLOSURE}}> <label for="type-closure">[[Fermeture exceptionnelle ou jour férié]]</label></p>
<p><input type="radio" id="type-outage" name="type" value="outage"{{#KIND_OUTAGE}} checked{{/KIND_OUTAGE}}> <label for="type-outage">[[Panne de l'appareil]]</label></p>
<p><input type="radio" id="type-absence" name="type" value="absence"{{#KIND_ABSENCE}} checked{{/KIND_ABSENCE}}> <label for="type-absence">[[Absence d'agent]]</label></p>
</fieldset>
<div class="field"><label for="du">[[Du (JJ/MM/AAAA)]]</label>
{{#ERR_DU}}<p class="error">{{E_DU}}</p>{{/ERR_DU}}
<input id="du" name="du" type="text" inputmode="numeric" maxlength="10" value="{{V_DU}}"></div>
<div class="field"><label for="de">[[À partir de (HH:MM, facultatif)]]</label>
{{#ERR_DE}}<p class="error">{{E_DE}}</p>{{/ERR_DE}}
<input id="de" name="de" type="text" maxlength="5" value="{{V_DE}}"></div>
<div class="field"><label for="au">[[Au (JJ/MM/AAAA, inclus)]]</label>
{{#ERR_AU}}<p class="error">{{E_AU}}</p>{{/ERR_AU}}
<input id="au" name="au" type="text" inputmode="numeric" maxlength="10" value="{{V_AU}}"></div>
<div class="field"><label for="a">[[Jusqu'à (HH:MM, facultatif)]]</label>
{{#ERR_A}}<p class="error">{{E_A}}</p>{{/ERR_A}}
<input id="a" name="a" type="text" maxlength="5" value="{{V_A}}"></div>
<div class="field"><label for="motif">[[Motif (communiqué aux personnes)]]</label>
{{#ERR_MOTIF}}<p class="error">{{E_MOTIF}}</p>{{/ERR_MOTIF}}
<input id="motif" name="motif" type="text" maxlength="200" value="{{V_MOTIF}}"></div>
<p class="actions"><button type="submit" class="button">[[Voir les rendez-vous concernés]]</button></p>
</form>
<h2>[[Indisponibilités à venir]]</h2>
<ul>{{#CLOSURE}}<li>{{KIND}} — {{DEVICE}} — {{FROM}} → {{TO}} — {{REASON}}</li>{{/CLOSURE}}</ul>
{{>FOOTER}}
