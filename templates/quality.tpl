{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Qualité de l'accueil : résultats de l'enquête de satisfaction]]</h1>
<p>[[Après leur rendez-vous, des personnes reçues sont invitées à répondre à un court questionnaire anonyme. Voici leurs réponses, par lieu et par trimestre, le délai actuel jusqu'au premier créneau libre et les actions que chaque commune a décidées en réponse.]]</p>
<form action="/qualite" method="get" class="card">
<div class="field">
<label for="trimestre">[[Trimestre]]</label>
{{#ERR_TRIMESTRE}}<p class="error" id="trimestre-err">{{E_TRIMESTRE}}</p>{{/ERR_TRIMESTRE}}
<select id="trimestre" name="trimestre"{{#ERR_TRIMESTRE}} aria-invalid="true" aria-describedby="trimestre-err"{{/ERR_TRIMESTRE}}>
{{#QUARTER_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/QUARTER_OPTION}}</select>
</div>
<p class="actions"><button type="submit" class="button">[[Afficher]]</button></p>
</form>
<h2>{{QUARTER}}</h2>
<p class="hint">[[Les pourcentages ne sont publiés qu'à partir de {{MIN}} réponses pour un lieu et un trimestre.]] [[Délais détaillés par démarche :]] <a href="/delais">[[Délais de rendez-vous]]</a></p>
{{#COMMUNE}}
<section class="card" aria-labelledby="commune-{{ID}}">
<h3 id="commune-{{ID}}">{{NAME}}</h3>
<div class="scroll" tabindex="0" role="region" aria-labelledby="caption-{{ID}}">
<table>
<caption id="caption-{{ID}}">[[Résultats par lieu]] — {{NAME}}</caption>
<thead><tr><th scope="col">[[Lieu]]</th><th scope="col">[[Réponses]]</th><th scope="col">[[Satisfaits]]</th><th scope="col">[[Prise de rendez-vous facile]]</th><th scope="col">[[Informations claires]]</th><th scope="col">[[Attente satisfaisante]]</th><th scope="col">[[Ont dû appeler]]</th><th scope="col">[[Premier créneau libre]]</th></tr></thead>
<tbody>
{{#SITE}}<tr><th scope="row">{{NAME}}</th><td>{{N}}</td>{{#FIGURES}}<td>{{SATISFIED}}</td><td>{{EASY}}</td><td>{{CLEAR}}</td><td>{{WAIT_OK}}</td><td>{{CALLED}}</td>{{/FIGURES}}{{#TOO_FEW}}<td colspan="5">[[moins de {{MIN}} réponses : résultat non publié]]</td>{{/TOO_FEW}}<td>{{DELAY}}</td></tr>
{{/SITE}}
</tbody>
</table>
</div>
<h4>[[Actions de la commune en réponse]]</h4>
{{#ACTIONS}}<div class="actions-text">{{#LINE}}<p>{{TEXT}}</p>{{/LINE}}</div>{{/ACTIONS}}
{{#NO_ACTIONS}}<p>[[Aucune action publiée pour ce trimestre.]]</p>{{/NO_ACTIONS}}
</section>
{{/COMMUNE}}
<p><a class="button" href="/">[[Prendre rendez-vous]]</a></p>
{{>FOOTER}}
