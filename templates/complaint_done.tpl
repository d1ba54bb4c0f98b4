{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Votre réclamation est enregistrée]]</h1>
<div class="notice" role="status"><p>[[La mairie de {{COMMUNE_NAME}} a bien reçu votre réclamation. Un accusé de réception vous a été envoyé.]]</p></div>
<dl class="card details">
<dt>[[Référence]]</dt><dd><strong>{{REF}}</strong></dd>
<dt>[[Réponse au plus tard le]]</dt><dd>{{REPLY_BY}}</dd>
</dl>
{{#ANSWERED}}<p>[[La mairie vous a répondu.]]</p>{{/ANSWERED}}
<p>[[Gardez cette référence : elle vous sera demandée si vous contactez la mairie à propos de votre réclamation.]]</p>
<p><a href="/">[[Retour à l'accueil]]</a></p>
{{>FOOTER}}
