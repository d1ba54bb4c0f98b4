{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<p>{{PROCEDURE_NAME}} — {{PARTY_TEXT}} — [[dépôt terminé le]] {{FINISHED}}, {{SITE_NAME}}.</p>
<p>[[Délai de fabrication fixé par la commune :]] {{DELAY_TEXT}}. [[Le titre est attendu à partir du]] {{FROM_LABEL}}.</p>
<ul>{{#PERSON}}<li>{{LAST}} {{FIRST}}</li>{{/PERSON}}</ul>
<form action="/agent/rdv/{{REF}}/retrait" method="get" class="inline">
<label for="jour">[[Chercher un retrait à partir du (JJ/MM/AAAA)]]</label> <input id="jour" name="jour" type="text" inputmode="numeric" maxlength="10" value="{{DAY}}">
<button type="submit" class="button secondary">[[Afficher]]</button>
</form>
<form action="/agent/rdv/{{REF}}/retrait" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIRST}}<h2>[[Premier créneau de retrait libre]]</h2>
<p class="card"><strong>{{WHEN}}</strong> — {{SITE_NAME}} ({{DEVICE}})</p>
<p><button type="submit" name="creneau" value="{{SLOT_ID}}" class="button">[[Réserver ce retrait]]</button></p>{{/FIRST}}
{{#OTHERS}}<h2>[[Autres horaires]]</h2>
<ul class="times">
{{#FREE}}<li><button type="submit" name="creneau" value="{{SLOT_ID}}" class="button time">{{WHEN}} ({{DEVICE}})</button></li>
{{/FREE}}
</ul>{{/OTHERS}}
{{#NONE}}<p role="status">[[Aucun créneau de retrait libre à ce lieu à partir de cette date.]]</p>{{/NONE}}
<p><button type="submit" name="passer" value="1" class="button secondary">[[Passer : pas de rendez-vous de retrait maintenant]]</button></p>
</form>
<p><a href="/agent/rdv/{{REF}}">[[Retour au rendez-vous]]</a></p>
{{>FOOTER}}
