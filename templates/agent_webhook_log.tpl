{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Journal des livraisons]]</h1>
<p><code>{{URL}}</code> — {{COMMUNE}} — {{#ACTIVE}}[[actif]]{{/ACTIVE}}{{#INACTIVE}}[[désactivé]]{{/INACTIVE}}</p>
<p><a href="{{LIST_URL}}">[[Retour aux webhooks]]</a></p>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
<p>[[Les 100 dernières livraisons, les plus récentes d'abord. Chaque livraison garde son numéro (en-tête X-Creneau-Delivery) d'un essai à l'autre.]]</p>
{{#NONE}}<p>[[Aucune livraison pour l'instant.]]</p>{{/NONE}}
<table>
<thead><tr><th scope="col">[[Numéro]]</th><th scope="col">[[Date (UTC)]]</th><th scope="col">[[Événement]]</th><th scope="col">[[Référence]]</th><th scope="col">[[État]]</th><th scope="col">[[Essais]]</th><th scope="col">[[Statut HTTP]]</th><th scope="col">[[Réponse]]</th><th scope="col">[[Action]]</th></tr></thead>
<tbody>
{{#DELIVERY}}<tr class="delivery-{{STATUS_CODE}}"><th scope="row">{{ID}}</th><td>{{AT}}</td><td><code>{{EVENT}}</code></td><td>{{REF}}</td><td>{{STATUS}}</td><td>{{ATTEMPTS}}</td><td>{{HTTP}}</td><td>{{ANSWER}}</td>
<td>{{#REDELIVER}}<form action="/agent/webhooks/{{WEBHOOK_ID}}/renvoyer" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="livraison" value="{{ID}}"><button type="submit" class="link">[[Renvoyer la livraison]] {{ID}}</button></form>{{/REDELIVER}}</td></tr>
{{/DELIVERY}}
</tbody>
</table>
{{>FOOTER}}
