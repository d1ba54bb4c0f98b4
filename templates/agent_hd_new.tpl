{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Nouveau ticket d'assistance]]</h1>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/assistance/nouveau" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#RUNS}}
<div class="field"><label for="canal">[[Canal]]</label>{{#ERR_CANAL}}<p class="error">{{E_CANAL}}</p>{{/ERR_CANAL}}<select id="canal" name="canal">{{#CHANNEL_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/CHANNEL_OPTION}}</select></div>
<div class="field"><label for="appelant">[[Type d'appelant]]</label>{{#ERR_APPELANT}}<p class="error">{{E_APPELANT}}</p>{{/ERR_APPELANT}}<select id="appelant" name="appelant">{{#CALLER_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/CALLER_OPTION}}</select></div>
<div class="field"><label for="nom">[[Nom de l'appelant (facultatif)]]</label>{{#ERR_NOM}}<p class="error">{{E_NOM}}</p>{{/ERR_NOM}}<input id="nom" name="nom" type="text" maxlength="120" value="{{V_NOM}}"></div>
<div class="field"><label for="email">[[Adresse électronique de l'appelant (facultatif, pour lui répondre)]]</label>{{#ERR_EMAIL}}<p class="error">{{E_EMAIL}}</p>{{/ERR_EMAIL}}<input id="email" name="email" type="email" maxlength="254" value="{{V_EMAIL}}"></div>
<div class="field"><label for="commune">[[Commune concernée (facultatif)]]</label>{{#ERR_COMMUNE}}<p class="error">{{E_COMMUNE}}</p>{{/ERR_COMMUNE}}<select id="commune" name="commune"><option value="">[[aucune]]</option>{{#COMMUNE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COMMUNE_OPTION}}</select></div>
{{/RUNS}}
<div class="field"><label for="sujet">[[Sujet]]</label>{{#ERR_SUJET}}<p class="error">{{E_SUJET}}</p>{{/ERR_SUJET}}<select id="sujet" name="sujet">{{#TOPIC_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/TOPIC_OPTION}}</select></div>
<div class="field"><label for="reference">[[Référence du rendez-vous (facultatif)]]</label>{{#ERR_REFERENCE}}<p class="error">{{E_REFERENCE}}</p>{{/ERR_REFERENCE}}<input id="reference" name="reference" type="text" maxlength="12" value="{{V_REFERENCE}}"></div>
<div class="field"><label for="objet">[[Objet]]</label>{{#ERR_OBJET}}<p class="error">{{E_OBJET}}</p>{{/ERR_OBJET}}<input id="objet" name="objet" type="text" maxlength="200" value="{{V_OBJET}}"></div>
<div class="field"><label for="texte">[[La question]]</label>{{#ERR_TEXTE}}<p class="error">{{E_TEXTE}}</p>{{/ERR_TEXTE}}<textarea id="texte" name="texte" rows="6">{{V_TEXTE}}</textarea></div>
{{#RUNS}}
<fieldset><legend>[[Issue de l'appel]]</legend>{{#ERR_ISSUE}}<p class="error">{{E_ISSUE}}</p>{{/ERR_ISSUE}}
<div class="field"><input id="issue_closed" name="issue" type="radio" value="closed_at_once"{{#AT_ONCE_CHECKED}} checked{{/AT_ONCE_CHECKED}}> <label for="issue_closed">[[Clos immédiatement : réponse donnée sur-le-champ]]</label></div>
<div class="field"><label for="reponse">[[Réponse donnée]]</label>{{#ERR_REPONSE}}<p class="error">{{E_REPONSE}}</p>{{/ERR_REPONSE}}<textarea id="reponse" name="reponse" rows="3">{{V_REPONSE}}</textarea></div>
<div class="field"><input id="issue_open" name="issue" type="radio" value="open"{{#OPEN_CHECKED}} checked{{/OPEN_CHECKED}}> <label for="issue_open">[[Ouvert : à instruire, suivi par]]</label>
<label for="proprietaire" class="visually-hidden">[[Opérateur]]</label>{{#ERR_PROPRIETAIRE}}<p class="error">{{E_PROPRIETAIRE}}</p>{{/ERR_PROPRIETAIRE}}<select id="proprietaire" name="proprietaire">{{#OWNER_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/OWNER_OPTION}}</select></div>
<div class="field"><input id="issue_delegated" name="issue" type="radio" value="delegated"{{#DELEGATED_CHECKED}} checked{{/DELEGATED_CHECKED}}> <label for="issue_delegated">[[Délégué à la deuxième ligne]]</label>
<label for="groupe" class="visually-hidden">[[Groupe]]</label>{{#ERR_GROUPE}}<p class="error">{{E_GROUPE}}</p>{{/ERR_GROUPE}}<select id="groupe" name="groupe"><option value="">[[choisir un groupe]]</option>{{#GROUP_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/GROUP_OPTION}}</select></div>
</fieldset>
{{/RUNS}}
<p class="actions"><button type="submit" class="button">[[Enregistrer le ticket]]</button></p>
</form>
{{>FOOTER}}
