{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Webhooks]]</h1>
<p>[[Les adresses enregistrées ici reçoivent les événements des rendez-vous de la commune (création, confirmation, déplacement, annulation, pointage) en JSON, signés avec leur secret. Aucune donnée personnelle n'y figure : ni nom, ni date de naissance, ni numéro de pré-demande, ni téléphone, ni adresse électronique.]]</p>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#SECRET}}<section class="card" aria-labelledby="secret-titre">
<h2 id="secret-titre">[[Secret de signature]]</h2>
<p>[[Copiez ce secret maintenant et donnez-le au système qui reçoit les événements : il ne sera plus affiché. Il sert à vérifier l'en-tête X-Creneau-Signature.]]</p>
<p>[[Adresse :]] <code>{{URL}}</code></p>
<p><code id="secret">{{SECRET}}</code></p>
</section>{{/SECRET}}
<h2>[[Adresses enregistrées]]</h2>
{{#NONE}}<p>[[Aucun webhook pour cette commune.]]</p>{{/NONE}}
{{#WEBHOOK}}<section class="card webhook" aria-labelledby="webhook-{{ID}}">
<h3 id="webhook-{{ID}}"><code>{{URL}}</code></h3>
<dl>
<dt>[[Description]]</dt><dd>{{DESCRIPTION}}</dd>
<dt>[[Événements]]</dt><dd>{{EVENTS}}</dd>
<dt>[[État]]</dt><dd>{{#ACTIVE}}[[actif]]{{/ACTIVE}}{{#INACTIVE}}[[désactivé]]{{/INACTIVE}}{{#REASON}} ({{REASON}}){{/REASON}}</dd>
<dt>[[Dernière livraison]]</dt><dd>{{LAST}}</dd>
<dt>[[En attente]]</dt><dd>{{PENDING}}</dd>
<dt>[[En échec]]</dt><dd>{{FAILED}}</dd>
</dl>
<p class="actions"><a href="/agent/webhooks/{{ID}}">[[Journal des livraisons]]</a></p>
<div class="actions">
{{#ACTIVE}}<form action="/agent/webhooks/{{ID}}/desactiver" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">[[Désactiver]]</button></form>{{/ACTIVE}}
{{#INACTIVE}}<form action="/agent/webhooks/{{ID}}/activer" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">[[Activer]]</button></form>{{/INACTIVE}}
<form action="/agent/webhooks/{{ID}}/secret" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">[[Créer un nouveau secret]]</button></form>
<form action="/agent/webhooks/{{ID}}/supprimer" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">[[Supprimer]]</button></form>
</div>
</section>
{{/WEBHOOK}}
<h2>[[Ajouter une adresse]]</h2>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/webhooks" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#PLATFORM}}<input type="hidden" name="commune" value="{{COMMUNE_ID}}">{{/PLATFORM}}
<div class="field"><label for="url">[[Adresse (URL)]]</label>
<p class="hint" id="url-aide">[[Elle commence par https://.]]{{#LOOPBACK}} [[Sur cette installation de test, http://127.0.0.1 et http://localhost sont aussi acceptés.]]{{/LOOPBACK}}</p>
{{#ERR_URL}}<p class="error">{{E_URL}}</p>{{/ERR_URL}}<input id="url" name="url" type="url" maxlength="500" aria-describedby="url-aide" value="{{V_URL}}"></div>
<div class="field"><label for="description">[[Description (facultative)]]</label>{{#ERR_DESCRIPTION}}<p class="error">{{E_DESCRIPTION}}</p>{{/ERR_DESCRIPTION}}<input id="description" name="description" type="text" maxlength="200" value="{{V_DESCRIPTION}}"></div>
<fieldset class="checks"><legend>[[Événements envoyés]]</legend>
{{#ERR_EV_CREATED}}<p class="error">{{E_EV_CREATED}}</p>{{/ERR_EV_CREATED}}
{{#EVENT}}<div class="field"><input id="{{FIELD}}" name="{{FIELD}}" type="checkbox" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="{{FIELD}}">{{LABEL}} (<code>{{CODE}}</code>)</label></div>
{{/EVENT}}</fieldset>
<p class="actions"><button type="submit" class="button">[[Ajouter le webhook]]</button></p>
</form>
{{>FOOTER}}
