{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Rechercher un rendez-vous]]</h1>
<form action="/agent/recherche" method="get" class="card">
<div class="field">
<label for="q">[[Nom, référence ou téléphone]]</label>
{{#ERR_Q}}<p class="error" id="q-err">{{E_Q}}</p>{{/ERR_Q}}
<input id="q" name="q" type="text" maxlength="100" value="{{V_Q}}">
</div>
<p class="actions"><button type="submit" class="button">[[Rechercher]]</button></p>
</form>
{{#NONE}}<p role="status">[[Aucun rendez-vous trouvé.]]</p>{{/NONE}}
<ul class="results">
{{#RESULT}}<li><a href="/agent/rdv/{{REF}}">{{REF}}</a> — {{PERSONS}} — {{PROCEDURE}} — {{WHEN}} — {{COMMUNE}} — {{STATUS}}</li>
{{/RESULT}}
</ul>
{{>FOOTER}}
