{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[État du service]]</h1>
<p class="status-overall status-{{OVERALL_STATE}}">{{OVERALL_TEXT}}</p>
{{#DB_DOWN}}<div class="alert" role="alert"><p>[[La base de données ne répond pas : la réservation en ligne et l'espace du personnel sont interrompus (constat automatique). Le reste est le dernier état connu.]]</p></div>{{/DB_DOWN}}
{{#INCIDENT}}<section aria-labelledby="incident-titre">
<h2 id="incident-titre">[[Incident en cours]]</h2>
<p><strong>{{PHASE}}</strong> — <time datetime="{{AT_ISO}}">{{AT}}</time></p>
<p lang="{{COMMENT_LANG}}">{{COMMENT}}</p>
</section>{{/INCIDENT}}
{{#MAINT}}<section aria-labelledby="maintenance-titre-{{ID}}">
<h2 id="maintenance-titre-{{ID}}">{{#ONGOING}}[[Maintenance en cours]]{{/ONGOING}}{{#AHEAD}}[[Maintenance prévue]]{{/AHEAD}}</h2>
<p>[[Du]] <time datetime="{{FROM_ISO}}">{{FROM}}</time> [[au]] <time datetime="{{TO_ISO}}">{{TO}}</time> : {{COMPONENTS}}</p>
<p lang="{{COMMENT_LANG}}">{{COMMENT}}</p>
</section>{{/MAINT}}
<h2>[[Par service]]</h2>
<ul class="status-list">
{{#COMPONENT}}<li id="composant-{{CODE}}"><strong>{{NAME}}</strong> : <span class="state-{{STATE}}">{{STATE_TEXT}}</span>{{#AUTOMATIC}} <span class="status-auto">([[constat automatique]] : {{REASON}})</span>{{/AUTOMATIC}}{{#MANUAL}} <span class="status-auto">([[indiqué par l'équipe technique]])</span>{{/MANUAL}}{{#COMP_MAINT}}<br><span class="status-auto">{{MAINT_TEXT}}</span>{{/COMP_MAINT}}</li>
{{/COMPONENT}}
</ul>
<h2>[[Historique des 90 derniers jours]]</h2>
{{#NO_HISTORY}}<p>[[Aucun incident ni maintenance ces 90 derniers jours.]]</p>{{/NO_HISTORY}}
<div class="status-history">
{{#EVENT}}<article id="evenement-{{ID}}">
<h3>{{TITLE}}</h3>
<p>{{WHEN}}</p>
<ul>{{#UPDATE}}<li><strong>{{PHASE}}</strong> — <time datetime="{{AT_ISO}}">{{AT}}</time> : <span lang="{{LANG}}">{{TEXT}}</span></li>{{/UPDATE}}</ul>
</article>
{{/EVENT}}
</div>
<h2 id="avis">[[Recevoir les avis par courriel]]</h2>
<p>[[Un courriel à chaque panne, à chaque retour à la normale et avant chaque maintenance prévue. Chaque avis contient un lien pour se désabonner.]]</p>
{{#SUBSCRIBED}}<p class="notice" role="status">[[Un courriel de confirmation vient de partir : ouvrez son lien dans les 24 heures pour confirmer votre abonnement.]]</p>{{/SUBSCRIBED}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h3>[[Le formulaire contient des erreurs]]</h3>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/statut/abonnement" method="post" class="card" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error" id="email-err">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="{{V_EMAIL}}"{{#ERR_EMAIL}} aria-invalid="true" aria-describedby="email-err"{{/ERR_EMAIL}}>
</div>
<p class="actions"><button type="submit" class="button">[[S'abonner aux avis]]</button></p>
</form>
<p>[[Flux de l'état du service :]] <a href="/statut.atom" type="application/atom+xml">Atom</a> · <a href="/statut.json" type="application/json">JSON</a></p>
{{>FOOTER}}
