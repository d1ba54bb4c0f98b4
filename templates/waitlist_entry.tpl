{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Votre inscription sur la liste d'attente]]</h1>
{{#JOINED}}<div class="notice" role="status"><p>[[Vous êtes inscrit sur la liste d'attente. Nous vous écrirons quand une place se libère.]]</p></div>{{/JOINED}}
{{#LEFT}}<div class="notice" role="status"><p>[[Vous avez quitté la liste d'attente.]]</p></div>{{/LEFT}}
{{#BOOKED}}<div class="notice" role="status"><p>[[Vous avez obtenu un rendez-vous grâce à la liste d'attente : il figure dans votre message de confirmation.]]</p></div>{{/BOOKED}}
{{#EXPIRED}}<div class="notice" role="status"><p>[[Cette inscription est terminée (la période choisie est passée, ou les propositions sont épuisées).]]</p></div>{{/EXPIRED}}
<dl class="card details">
<dt>[[Référence]]</dt><dd>{{ENTRY_REF}}</dd>
<dt>[[Démarche]]</dt><dd>{{PROCEDURE_NAME}} — {{PARTY_TEXT}}</dd>
<dt>[[Lieux]]</dt><dd>{{RADIUS_TEXT}}<ul>{{#SITE}}<li>{{NAME}}</li>{{/SITE}}</ul></dd>
<dt>[[Période]]</dt><dd>{{FROM}} – {{TO}}</dd>
<dt>[[Propositions]]</dt><dd>{{OFFERS_TEXT}}</dd>
</dl>
{{#OFFER}}<p><a class="button" href="{{OFFER_URL}}">[[Voir le rendez-vous qui vous est proposé]]</a></p>{{/OFFER}}
{{#LIVE}}
<form action="/liste/{{ENTRY_REF}}/quitter" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{ENTRY_TOKEN}}">
<p><button type="submit" class="button danger">[[Quitter la liste d'attente]]</button></p>
<p class="hint">[[Vous ne recevrez plus de proposition pour cette démarche.]]</p>
</form>
{{/LIVE}}
{{#ENDED}}<p><a class="button" href="/">[[Prendre un rendez-vous]]</a></p>{{/ENDED}}
{{>FOOTER}}
