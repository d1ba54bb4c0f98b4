{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
{{#SAVED}}<p class="notice" role="status">[[Actions enregistrées : elles sont publiées sur la page Qualité.]]</p>{{/SAVED}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<p>[[Les résultats de l'enquête sont publiés par lieu et par trimestre sur]] <a href="/qualite">[[la page Qualité]]</a>[[ ; les chiffres détaillés sont dans les]] <a href="/stats/">[[statistiques]]</a>.</p>
<h2>[[Actions décidées en réponse]]</h2>
<form action="/agent/qualite" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<div class="field"><label for="trimestre">[[Trimestre]]</label>
{{#ERR_TRIMESTRE}}<p class="error" id="trimestre-err">{{E_TRIMESTRE}}</p>{{/ERR_TRIMESTRE}}
<select id="trimestre" name="trimestre"{{#ERR_TRIMESTRE}} aria-invalid="true" aria-describedby="trimestre-err"{{/ERR_TRIMESTRE}}>
{{#QUARTER_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/QUARTER_OPTION}}</select></div>
<div class="field"><label for="actions">[[Actions publiées pour ce trimestre (une par ligne, {{ACTIONS_MAX}} caractères au plus ; vide : rien de publié)]]</label>
{{#ERR_ACTIONS}}<p class="error" id="actions-err">{{E_ACTIONS}}</p>{{/ERR_ACTIONS}}
<textarea id="actions" name="actions" rows="8"{{#ERR_ACTIONS}} aria-invalid="true" aria-describedby="actions-err"{{/ERR_ACTIONS}}>{{V_ACTIONS}}</textarea></div>
<p class="actions"><button type="submit" class="button">[[Publier]]</button></p>
</form>
<h2>[[Actions publiées]]</h2>
{{#NO_ACTION}}<p>[[Aucune action publiée.]]</p>{{/NO_ACTION}}
{{#ACTION}}<section class="card"><h3>{{QUARTER}}</h3><p class="hint">[[Mis à jour le]] {{UPDATED}}</p><p class="pre">{{BODY}}</p></section>
{{/ACTION}}
<h2>[[Commentaires des personnes]]</h2>
<p class="hint">[[Les commentaires ne sont pas reliés aux personnes ni aux rendez-vous ; ils sont effacés après deux ans. Ne les publiez pas tels quels.]]</p>
{{#NO_TEXT}}<p>[[Aucun commentaire.]]</p>{{/NO_TEXT}}
<div class="scroll" tabindex="0" role="region" aria-labelledby="textes-caption">
<table>
<caption id="textes-caption">[[Commentaires, du plus récent au plus ancien]]</caption>
<thead><tr><th scope="col">[[Mois]]</th><th scope="col">[[Lieu]]</th><th scope="col">[[Satisfaction]]</th><th scope="col">[[Commentaire]]</th></tr></thead>
<tbody>
{{#TEXT}}<tr><td>{{MONTH}}</td><td>{{SITE}}</td><td>{{OVERALL}}</td><td>{{BODY}}</td></tr>
{{/TEXT}}
</tbody>
</table>
</div>
{{>FOOTER}}
