{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Horaires et quotas]] — {{DEVICE_NAME}}</h1>
<p>{{SITE_NAME}}</p>
{{#SAVED}}<p class="notice" role="status">[[Planning enregistré : les créneaux libres à venir suivent les nouvelles règles, les rendez-vous pris sont conservés.]]</p>{{/SAVED}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<form action="/agent/planning/{{DEVICE_ID}}" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="scroll">
<table class="grid">
<caption>[[Plages horaires et quotas par créneau]]</caption>
<thead><tr>
<th scope="col">[[Jour]]</th><th scope="col">[[Début]]</th><th scope="col">[[Fin]]</th><th scope="col">[[Durée d'un créneau (min)]]</th>
<th scope="col">[[Normal]]</th><th scope="col">[[Urgence]]</th><th scope="col">[[Extrême urgence]]</th><th scope="col">[[Normal réservé aux mineurs]]</th>
<th scope="col">[[Du (JJ/MM/AAAA, facultatif)]]</th><th scope="col">[[Au (inclus, facultatif)]]</th><th scope="col">[[Supprimer]]</th>
</tr></thead>
<tbody>
{{#ROW}}<tr>
<td>{{#ROW_ERROR}}<p class="error">{{MESSAGE}}</p>{{/ROW_ERROR}}<label class="visually-hidden" for="r{{I}}_jour">[[Jour]] {{I}}</label>
<select id="r{{I}}_jour" name="r{{I}}_jour">{{#WD}}<option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/WD}}</select></td>
<td><label class="visually-hidden" for="r{{I}}_debut">[[Début]] {{I}}</label><input id="r{{I}}_debut" name="r{{I}}_debut" type="text" size="5" maxlength="5" value="{{START}}"></td>
<td><label class="visually-hidden" for="r{{I}}_fin">[[Fin]] {{I}}</label><input id="r{{I}}_fin" name="r{{I}}_fin" type="text" size="5" maxlength="5" value="{{END}}"></td>
<td><label class="visually-hidden" for="r{{I}}_duree">[[Durée]] {{I}}</label><input id="r{{I}}_duree" name="r{{I}}_duree" type="text" inputmode="numeric" size="3" maxlength="3" value="{{SLOT}}"></td>
<td><label class="visually-hidden" for="r{{I}}_normal">[[Normal]] {{I}}</label><input id="r{{I}}_normal" name="r{{I}}_normal" type="text" inputmode="numeric" size="2" maxlength="2" value="{{CAP_R}}"></td>
<td><label class="visually-hidden" for="r{{I}}_urgence">[[Urgence]] {{I}}</label><input id="r{{I}}_urgence" name="r{{I}}_urgence" type="text" inputmode="numeric" size="2" maxlength="2" value="{{CAP_U}}"></td>
<td><label class="visually-hidden" for="r{{I}}_extreme">[[Extrême urgence]] {{I}}</label><input id="r{{I}}_extreme" name="r{{I}}_extreme" type="text" inputmode="numeric" size="2" maxlength="2" value="{{CAP_E}}"></td>
<td><label class="visually-hidden" for="r{{I}}_mineurs">[[Réservé aux mineurs]] {{I}}</label><input id="r{{I}}_mineurs" name="r{{I}}_mineurs" type="checkbox" value="1"{{#MINORS_CHECKED}} checked{{/MINORS_CHECKED}}></td>
<td><label class="visually-hidden" for="r{{I}}_du">[[Du]] {{I}}</label><input id="r{{I}}_du" name="r{{I}}_du" type="text" inputmode="numeric" size="10" maxlength="10" value="{{FROM}}"></td>
<td><label class="visually-hidden" for="r{{I}}_au">[[Au]] {{I}}</label><input id="r{{I}}_au" name="r{{I}}_au" type="text" inputmode="numeric" size="10" maxlength="10" value="{{UNTIL}}"></td>
<td><label class="visually-hidden" for="r{{I}}_suppr">[[Supprimer la ligne]] {{I}}</label><input id="r{{I}}_suppr" name="r{{I}}_suppr" type="checkbox" value="1"{{#DELETE_CHECKED}} checked{{/DELETE_CHECKED}}></td>
</tr>
{{/ROW}}
</tbody>
</table>
</div>
<p class="hint">[[Laissez vides les heures des lignes ajoutées que vous n'utilisez pas. Les dates « du » et « au » limitent une plage à une saison ; vides, elle vaut toute l'année.]]</p>
{{#CONFIRM_EMPTY}}<p class="field"><input id="fermer" name="fermer" type="checkbox" value="1"> <label for="fermer">[[Fermer cet appareil : retirer toutes ses plages et tous ses créneaux libres à venir (les rendez-vous pris sont conservés)]]</label></p>{{/CONFIRM_EMPTY}}
{{#CONFIRM_LOST}}<input type="hidden" name="retire" value="{{COUNT}}">
<p class="actions"><button type="submit" class="button danger">[[Confirmer et retirer ces créneaux libres]] ({{COUNT}})</button> <a href="/agent/planning/{{DEVICE_ID}}">[[Annuler]]</a></p>{{/CONFIRM_LOST}}
{{#SAVE}}<p class="actions"><button type="submit" class="button">[[Enregistrer le planning]]</button></p>{{/SAVE}}
</form>
{{>FOOTER}}
