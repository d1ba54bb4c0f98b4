{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Messages envoyés (boîte d'envoi locale)]]</h1>
<p>[[Aucun fournisseur SMS ni courriel n'est configuré : les messages sont affichés ici au lieu d'être envoyés. Cette page n'existe pas en production.]]</p>
{{#EMPTY}}<p>[[Aucun message pour l'instant.]]</p>{{/EMPTY}}
<ol class="outbox" reversed>
{{#MESSAGE}}<li class="card message">
<p class="small">#{{ID}} — {{CREATED}} UTC — {{CHANNEL}} — {{KIND}} — {{STATUS}}</p>
<p>[[À :]] {{RECIPIENT}}</p>
<p><strong>{{SUBJECT}}</strong></p>
<pre>{{BODY}}</pre>
</li>
{{/MESSAGE}}
</ol>
{{>FOOTER}}
