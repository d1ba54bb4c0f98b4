{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Entrée de FAQ depuis le ticket]] {{REF}}</h1>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<p><a href="/agent/assistance/{{ID}}">[[Retour au ticket]]</a></p>
<form action="/agent/assistance/{{ID}}/faq" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="question">[[Question]]</label>{{#ERR_QUESTION}}<p class="error">{{E_QUESTION}}</p>{{/ERR_QUESTION}}<input id="question" name="question" type="text" maxlength="300" value="{{V_QUESTION}}"></div>
<div class="field"><label for="reponse">[[Réponse]]</label>{{#ERR_REPONSE}}<p class="error">{{E_REPONSE}}</p>{{/ERR_REPONSE}}<textarea id="reponse" name="reponse" rows="6">{{V_REPONSE}}</textarea></div>
<div class="field"><label for="sujet">[[Sujet]]</label><select id="sujet" name="sujet">{{#TOPIC_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/TOPIC_OPTION}}</select></div>
<div class="field"><label for="langue">[[Langue]]</label>{{#ERR_LANGUE}}<p class="error">{{E_LANGUE}}</p>{{/ERR_LANGUE}}<select id="langue" name="langue"><option value="fr"{{#FR_SELECTED}} selected{{/FR_SELECTED}}>[[français]]</option><option value="en"{{#EN_SELECTED}} selected{{/EN_SELECTED}}>[[anglais]]</option></select></div>
<p class="actions"><button type="submit" class="button">[[Enregistrer le brouillon]]</button></p>
</form>
{{>FOOTER}}
