{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Votre demande de rendez-vous urgent]]</h1>
{{#SENT}}<div class="notice" role="status"><p>[[Votre demande est transmise à la mairie. Vous recevrez sa réponse par le même moyen que le code.]]</p></div>{{/SENT}}
<div class="card summary">
<p>[[Référence :]] <strong>{{REF}}</strong></p>
<p><strong>{{PROCEDURE_NAME}}</strong> — {{SITE_NAME}} ({{COMMUNE_NAME}})</p>
<p>[[Motif :]] {{REASON}}</p>
</div>
{{#PENDING}}<p>[[Cette demande attend encore son code de confirmation.]]</p>{{/PENDING}}
{{#WAITING}}<p>[[La mairie étudie votre demande.]]</p>{{/WAITING}}
{{#GRANTED}}<p>[[La mairie vous a accordé un rendez-vous urgent : sa convocation vous a été envoyée, avec le lien pour le gérer.]]</p>{{/GRANTED}}
{{#REFUSED}}<p>[[La mairie n'a pas pu accepter votre demande.]]</p><p>[[Motif :]] {{REFUSAL}}</p><p><a href="/">[[Prendre un rendez-vous ordinaire]]</a></p>{{/REFUSED}}
{{>FOOTER}}
