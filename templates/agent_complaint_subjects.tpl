{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Sujets des réclamations et délai de réponse]]</h1>
{{#NOTICE}}<div class="notice" role="status"><p>{{MESSAGE}}</p></div>{{/NOTICE}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<h2>[[Délai de réponse]]</h2>
<form action="/agent/reclamations/delai" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<p class="hint" id="delai-aide">[[Le délai annoncé aux personnes : chaque réclamation doit recevoir sa réponse dans ce nombre de jours après sa réception (1 à 90).]]</p>
<div class="field"><label for="delai">[[Délai de réponse (jours)]]</label>
{{#ERR_DELAI}}<p class="error" id="delai-err">{{E_DELAI}}</p>{{/ERR_DELAI}}
<input id="delai" name="delai" type="text" inputmode="numeric" maxlength="3" value="{{V_DELAI}}" aria-describedby="delai-aide"{{#ERR_DELAI}} aria-invalid="true"{{/ERR_DELAI}}></div>
<p class="actions"><button type="submit" class="button secondary">[[Enregistrer le délai]]</button></p>
</form>
<h2>[[Sujets]]</h2>
<ul class="subjects">
{{#SUBJECT}}<li>{{LABEL}} <form action="/agent/reclamations/sujets/{{ID}}/retirer" method="post" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="commune" value="{{COMMUNE_ID}}"><button type="submit" class="link">[[Retirer]]<span class="visually-hidden"> {{LABEL}}</span></button></form></li>
{{/SUBJECT}}
</ul>
{{#NO_SUBJECT}}<p>[[Aucun sujet pour l'instant.]]</p>{{/NO_SUBJECT}}
{{#RETIRED}}<p class="hint">[[Retiré :]] {{LABEL}}</p>
{{/RETIRED}}
<form action="/agent/reclamations/sujets" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<div class="field"><label for="libelle">[[Nouveau sujet]]</label>
{{#ERR_LIBELLE}}<p class="error" id="libelle-err">{{E_LIBELLE}}</p>{{/ERR_LIBELLE}}
<input id="libelle" name="libelle" type="text" maxlength="100" value="{{V_LIBELLE}}"{{#ERR_LIBELLE}} aria-invalid="true" aria-describedby="libelle-err"{{/ERR_LIBELLE}}></div>
<p class="actions"><button type="submit" class="button secondary">[[Ajouter le sujet]]</button></p>
</form>
<p><a href="/agent/reclamations">[[Retour au registre]]</a></p>
{{>FOOTER}}
