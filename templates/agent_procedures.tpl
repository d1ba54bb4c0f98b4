{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Démarches proposées]]</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li>{{MESSAGE}}</li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
{{#PROC}}
<form action="/agent/demarches/{{ID}}" method="post" class="card">
<h2>{{NAME_FR}} ({{CODE}})</h2>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="nom_fr_{{ID}}">[[Nom en français]]</label><input id="nom_fr_{{ID}}" name="nom_fr" type="text" maxlength="120" value="{{NAME_FR}}"></div>
<div class="field"><label for="nom_en_{{ID}}">[[Nom en anglais]]</label><input id="nom_en_{{ID}}" name="nom_en" type="text" maxlength="120" value="{{NAME_EN}}"></div>
<div class="field"><label for="minutes_{{ID}}">[[Durée par personne (minutes)]]</label><input id="minutes_{{ID}}" name="minutes" type="text" inputmode="numeric" maxlength="3" value="{{MINUTES}}"></div>
<div class="field"><label for="max_{{ID}}">[[Personnes par rendez-vous (au plus)]]</label><input id="max_{{ID}}" name="max" type="text" inputmode="numeric" maxlength="1" value="{{MAX_PARTY}}"></div>
<div class="field check"><input type="checkbox" id="pre_{{ID}}" name="predemande" value="1"{{#PRE}} checked{{/PRE}}> <label for="pre_{{ID}}">[[Numéro de pré-demande ANTS demandé]]</label></div>
<div class="field"><label for="pieces_fr_{{ID}}">[[Pièces à apporter (une par ligne)]]</label><textarea id="pieces_fr_{{ID}}" name="pieces_fr" rows="6">{{DOCS_FR}}</textarea></div>
<div class="field"><label for="pieces_en_{{ID}}">[[Pièces à apporter, en anglais]]</label><textarea id="pieces_en_{{ID}}" name="pieces_en" rows="6">{{DOCS_EN}}</textarea></div>
<p class="actions"><button type="submit" class="button">[[Enregistrer]] {{CODE}}</button></p>
</form>
{{/PROC}}
{{>FOOTER}}
